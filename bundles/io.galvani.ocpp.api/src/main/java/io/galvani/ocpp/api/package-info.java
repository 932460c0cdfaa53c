/**
 * The OCPP-J link between the Charging Station and its CSMS, as seen by the bundles that use it.
 *
 * <ul>
 * <li>{@link io.galvani.ocpp.api.OcppLink}: send CALLs, one outstanding at a time, in order.</li>
 * <li>{@link io.galvani.ocpp.api.OcppRequestHandler}: whiteboard for CALLs from the CSMS; a bundle
 * that registers a handler adds its action without any change to the transport.</li>
 * <li>{@link io.galvani.ocpp.api.OcppSessionGate}: the registration state (BootNotification) decides
 * which CALLs may flow.</li>
 * <li>{@link io.galvani.ocpp.api.OcppConnectionListener}: whiteboard for connection changes.</li>
 * <li>{@link io.galvani.ocpp.api.MessageTrigger}, {@link io.galvani.ocpp.api.DataTransferHandler}:
 * whiteboards for TriggerMessage and DataTransfer, dispatched by the operations bundle.</li>
 * <li>{@link io.galvani.ocpp.api.OcppFrameListener}: whiteboard told of every frame, secrets redacted (consoles,
 * telemetry); {@link io.galvani.ocpp.api.OcppLink#statistics()}: round-trip times and counters.</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.galvani.ocpp.api;
