/**
 * What the transaction bundle tells the rest of the station about charging sessions: one
 * {@link io.galvani.transactions.api.SessionView} per EVSE, for the display, the local API, the
 * console and telemetry; and, since 1.1, the {@link io.galvani.transactions.api.TransactionGate}
 * whiteboard through which profile bundles (Reservation, later Local Authorization List) refuse a
 * driver on an EVSE or let the driver consume a reservation that the TransactionEvent then reports; and, since
 * 1.2, the {@link io.galvani.transactions.api.SessionCostProvider} whiteboard through which a tariff bundle
 * prices a session for the display and other user interfaces.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.galvani.transactions.api;
