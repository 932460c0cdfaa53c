/**
 * Firmware of a Galvani station: a <em>bundle set</em>, the complete list of bundles of a release that were built
 * and tested together, shipped as a signed image (OCPP 2.0.1 L01).
 *
 * <ul>
 * <li>{@link io.galvani.firmware.api.FirmwareInstaller}: checks an image against the running framework without
 * changing anything, then applies only what changed, live, and rolls back by itself if the result does not come
 * up healthy. Provided by {@code io.galvani.firmware.installer}.</li>
 * <li>The OCPP side (UpdateFirmware, download, signature, FirmwareStatusNotification) is {@code io.galvani.firmware};
 * it verifies the image's signature <em>before</em> it hands the image to the installer.</li>
 * </ul>
 *
 * <p>A bundle whose manifest has {@value io.galvani.firmware.api.FirmwareInstaller#POWER_PATH_HEADER}{@code : true}
 * is in the power path (it switches or measures the energy delivered); a change that touches one, directly or through
 * the bundles a refresh restarts, waits until no EVSE is in a transaction.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.galvani.firmware.api;
