/**
 * The station's OCPP 2.0.1 device model (Part 1 §4, Part 2 functional block B).
 *
 * <p>Bundles contribute their components and variables by registering a
 * {@link io.galvani.devicemodel.api.DeviceModelContribution}; the device model serves GetVariables,
 * SetVariables and the reports from the union of all registered contributions, so a bundle that
 * stops takes its variables out and a bundle that starts brings them in. Writable values are kept
 * in Config Admin ({@link io.galvani.devicemodel.api.ValueSource.Configured}): a SetVariables change
 * reaches the owning component through its Declarative Services {@code @Modified} method and
 * survives restarts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.devicemodel.api;
