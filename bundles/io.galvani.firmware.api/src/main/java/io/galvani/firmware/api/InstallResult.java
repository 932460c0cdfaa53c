package io.galvani.firmware.api;

/**
 * The outcome of {@link FirmwareInstaller#install}.
 *
 * @param status          what happened
 * @param detail          why, in words an operator understands (names the bundle that failed); never a secret
 * @param installed       the set running now: the new one, or the previous one after a rollback
 * @param swapMillis      from the first bundle stopped to the last one active (and healthy), or to the end of the
 *                        rollback
 * @param linkDownMillis  how long the OCPP link was down during the installation (0 when it stayed up)
 */
public record InstallResult(Status status, String detail, BundleSet installed, long swapMillis, long linkDownMillis) {

    public enum Status {
        /** The new set runs and passed the health check. */
        INSTALLED,
        /** A bundle of the new set failed to install, resolve or start; the previous set was restored. */
        INSTALLATION_FAILED,
        /** The new set started but failed the health check; the previous set was restored. */
        VERIFICATION_FAILED
    }
}
