/**
 * The station's crash-safe queue of OCPP messages for the CSMS (a transactional outbox): a sender
 * commits messages together with its own state in one durable transaction, and the outbox delivers
 * them in commit order once the CSMS is reachable, with the retries OCPP prescribes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.galvani.outbox.api;
