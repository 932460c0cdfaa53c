/**
 * The station as OCPP sees it: its EVSEs and connectors with their OCPP connector status, and the
 * station clock (the local clock adjusted to the CSMS's time), and the hook through which remote
 * operations learn about running transactions ({@link io.galvani.station.api.TransactionControl}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.galvani.station.api;
