package io.galvani.firmware.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@link FirmwareInstaller#check}: what installing the image would change.
 *
 * @param image             the checked image file
 * @param target            the set the station runs after the installation
 * @param changes           only the bundles that differ; empty when the image is the installed set
 * @param restarted         symbolic names of the bundles the installation stops and starts again: the changed ones and
 *                          those a refresh restarts with them
 * @param touchesPowerPath  one of {@code restarted} is in the power path: the installation waits for idle EVSEs
 * @param touchesTransport  the OCPP transport is among {@code restarted}: the link drops for the swap
 * @param needsRestart      the image cannot be applied live (it restarts the installer itself, SCR, or a package they
 *                          import): {@link FirmwareInstaller#install} stages it and restarts the framework, which
 *                          applies it before any bundle starts; the installation always waits for idle EVSEs then
 *                          (the whole station restarts)
 * @since 1.1
 */
public record InstallPlan(Path image, BundleSet target, List<BundleChange> changes, List<String> restarted,
                          boolean touchesPowerPath, boolean touchesTransport, boolean needsRestart) {

    public InstallPlan {
        changes = List.copyOf(changes);
        restarted = List.copyOf(restarted);
    }

    /** A plan applied live ({@code needsRestart} false), as in version 1.0 of this API. */
    public InstallPlan(Path image, BundleSet target, List<BundleChange> changes, List<String> restarted,
                       boolean touchesPowerPath, boolean touchesTransport) {
        this(image, target, changes, restarted, touchesPowerPath, touchesTransport, false);
    }
}
