package io.galvani.firmware.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs firmware images (bundle sets) into the running framework.
 *
 * <p>Contract: {@link #check} never changes the framework. {@link #install} runs one installation at a time and
 * blocks its caller until the outcome is known; it leaves the station either on the new set (healthy: the OCPP
 * link up and accepted within the configured time) or back on the set it had before, never in between, also
 * across a power cut during the installation (the installer finishes or undoes it at the next start). It does not
 * verify signatures: its caller does that before.
 */
@ProviderType
public interface FirmwareInstaller {

    /** Manifest header marking a bundle in the power path: {@code Galvani-PowerPath: true}. */
    String POWER_PATH_HEADER = "Galvani-PowerPath";

    /** The set installed now (after a rollback: the set rolled back to). */
    BundleSet installed();

    /**
     * Reads an image and checks it against the running framework without changing anything: its manifest, the hash
     * of every bundle in it, and that the new set resolves together with what stays.
     *
     * @throws ImageRejectedException with the reason, if the image must not be installed
     */
    InstallPlan check(Path image) throws ImageRejectedException;

    /**
     * Applies a plan from {@link #check}: waits until the EVSEs are idle if the plan touches the power path, swaps
     * only the bundles that changed, checks the station's health and rolls back by itself if any step fails.
     *
     * @param progress told of each step, on the installing thread
     * @throws InterruptedException if the caller's thread was interrupted while waiting for idle EVSEs (nothing was
     *                              changed then) — the way to cancel an installation that has not started swapping
     */
    InstallResult install(InstallPlan plan, InstallProgress progress) throws InterruptedException;
}
