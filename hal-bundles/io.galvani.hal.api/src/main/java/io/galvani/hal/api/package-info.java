/**
 * Galvani's hardware abstraction layer: the services a hardware driver registers, and the
 * listener services through which a driver reports what happens.
 *
 * <p>Every device service carries the service property {@value io.galvani.hal.api.HalProperties#EVSE_ID}
 * (and connectors also {@value io.galvani.hal.api.HalProperties#CONNECTOR_ID}) so that consumers
 * can select the device of one EVSE with an LDAP filter. Devices report their health as a
 * {@link io.galvani.hal.api.DeviceStatus} rather than by throwing.
 *
 * <p>Threading contract, for all drivers: methods return within 50 ms and never block on I/O; long
 * actions (cable check, pre-charge, a power ramp) run in the driver and are reported through the
 * listener services. Listeners are called on the driver's own thread, one event at a time per
 * device, in the order the events happened; a listener must return quickly.
 *
 * <p>Interfaces a driver implements are {@code @ConsumerType}: adding a method with a default
 * implementation is a minor version change, so drivers built against 1.x keep working.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.galvani.hal.api;
