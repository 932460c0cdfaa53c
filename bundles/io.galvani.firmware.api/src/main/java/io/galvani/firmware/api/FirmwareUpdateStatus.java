package io.galvani.firmware.api;

import java.util.Objects;
import java.util.Set;

/**
 * Where the station's firmware update is, as it reports it to the CSMS.
 *
 * @param requestId the requestId of the UpdateFirmware it belongs to, or null for {@link #IDLE}
 * @param status    the OCPP 2.0.1 FirmwareStatusEnumType value sent, e.g. {@code "Downloading"},
 *                  {@code "Installing"}, {@code "Installed"}
 * @since 1.2
 */
public record FirmwareUpdateStatus(Integer requestId, String status) {

    /** No update runs, and none ever did or the last one is over and reported. */
    public static final FirmwareUpdateStatus IDLE = new FirmwareUpdateStatus(null, "Idle");

    /** Statuses while the station swaps its software or restarts for it: it cannot start charging then. */
    public static final Set<String> INSTALLING = Set.of("Installing", "InstallRebooting");

    /** Statuses after which nothing more happens for this update. */
    public static final Set<String> FINAL = Set.of("Installed", "InstallationFailed", "InstallVerificationFailed",
            "InvalidSignature", "DownloadFailed", "Idle");

    public FirmwareUpdateStatus {
        Objects.requireNonNull(status, "status");
    }

    /** The station is installing now (swapping bundles or restarting for the new firmware). */
    public boolean installing() {
        return INSTALLING.contains(status);
    }

    /**
     * The installation is due and waits for the EVSEs to become idle (OCPP InstallScheduled); EVSEs without a
     * transaction may then be Unavailable until it is over (L01.FR.07).
     */
    public boolean installPending() {
        return "InstallScheduled".equals(status);
    }
}
