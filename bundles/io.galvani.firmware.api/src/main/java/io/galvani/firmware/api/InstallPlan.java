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
 */
public record InstallPlan(Path image, BundleSet target, List<BundleChange> changes, List<String> restarted,
                          boolean touchesPowerPath, boolean touchesTransport) {

    public InstallPlan {
        changes = List.copyOf(changes);
        restarted = List.copyOf(restarted);
    }
}
