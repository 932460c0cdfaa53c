/**
 * A small OCPP 2.0.1 CSMS (server side of OCPP-J) for the demo distribution and for tests.
 *
 * <p>{@link io.galvani.csms.demo.DemoCsms#start(CsmsOptions)} starts a WebSocket server that accepts stations on
 * {@code ws://host:port/path/<stationId>}, answers their CALLs from a script of {@link io.galvani.csms.demo.Replies}
 * (overridable per action), records every frame as a {@link io.galvani.csms.demo.Frame}, and can send CALLs of its own.
 * It works on raw JSON so that it stays an independent peer of the station's own message model.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.galvani.csms.demo;
