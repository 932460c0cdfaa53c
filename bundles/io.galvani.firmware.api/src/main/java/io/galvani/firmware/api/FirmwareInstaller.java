package io.galvani.firmware.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
     * <p>A plan that {@linkplain InstallPlan#needsRestart() needs a restart} always waits for idle EVSEs, stages the
     * new set without touching the running bundles, calls {@link InstallProgress#rebooting()} and restarts the
     * framework (boot reason FirmwareUpdate). It does not return then: the caller's thread is interrupted when its
     * bundle stops ({@code InterruptedException}). The outcome is known after the restart, from
     * {@link #settled(Duration)}. It returns (INSTALLATION_FAILED, nothing changed) only if the set cannot be staged
     * or the restart cannot be requested.
     *
     * @param progress told of each step, on the installing thread
     * @throws InterruptedException if the caller's thread was interrupted while waiting for idle EVSEs (nothing was
     *                              changed then) — the way to cancel an installation that has not started swapping
     */
    InstallResult install(InstallPlan plan, InstallProgress progress) throws InterruptedException;

    /**
     * The installed set once the installer has finished what a restart left to do: an installation a power cut
     * interrupted, or one that continued across a restart ({@link InstallPlan#needsRestart()}: the health check,
     * then commit, or a rollback, which needs another restart). {@link #installed()} does not wait for that.
     *
     * @param timeout how long to wait at most
     * @return the installed set, or empty if the installer is still busy after {@code timeout}
     * @throws InterruptedException if the caller's thread was interrupted (e.g. the framework restarts again for a
     *                              rollback)
     * @since 1.1
     */
    default Optional<BundleSet> settled(Duration timeout) throws InterruptedException {
        return Optional.of(installed());
    }
}
