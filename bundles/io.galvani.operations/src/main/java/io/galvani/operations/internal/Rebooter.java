package io.galvani.operations.internal;

import io.galvani.ocpp.model.types.BootReasonEnumType;

/** Reboots the station. */
interface Rebooter {

    /**
     * Starts a reboot that comes back with {@code reason} in BootNotification; returns once started.
     *
     * @param retries how often the launcher tries again if the restarted station fails to start
     * @throws Exception if the reboot could not be started (the caller retries, ResetRetries)
     */
    void reboot(BootReasonEnumType reason, int retries) throws Exception;
}
