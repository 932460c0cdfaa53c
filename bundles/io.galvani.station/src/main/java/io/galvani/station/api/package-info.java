/**
 * The station as OCPP sees it: its EVSEs and connectors with their OCPP connector status, and the
 * station clock (the local clock adjusted to the CSMS's time), and the hook through which remote
 * operations learn about running transactions ({@link io.galvani.station.api.TransactionControl}), and
 * the whiteboard through which profile bundles claim connectors as Reserved
 * ({@link io.galvani.station.api.ConnectorReservation}, since 1.2).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.galvani.station.api;
