package io.galvani.firmware.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Steps of an installation, told to the caller of {@link FirmwareInstaller#install} as they happen. */
@ConsumerType
public interface InstallProgress {

    /** The plan touches the power path and a transaction runs: the installation waits until the EVSEs are idle. */
    default void waitingForIdleEvses() {
    }

    /** Bundles are being swapped now. */
    default void installing() {
    }

    /** The swap needs a restart of the framework, which follows now (the outcome is reported after it). */
    default void rebooting() {
    }
}
