/**
 * What the transaction bundle tells the rest of the station about charging sessions: one
 * {@link io.galvani.transactions.api.SessionView} per EVSE, for the display, the local API, the
 * console and telemetry.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.transactions.api;
