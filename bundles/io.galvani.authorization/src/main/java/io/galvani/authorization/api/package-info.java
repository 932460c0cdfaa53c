/**
 * Deciding whether an idToken may charge (OCPP 2.0.1 C01–C05, C10, C12, C15): Authorize to the CSMS,
 * the Authorization Cache, offline and local pre-authorization. Later bundles (Local Authorization
 * List) plug into the same service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.authorization.api;
