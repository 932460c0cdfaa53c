package io.galvani.firmware.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a service of this type is told the state of the firmware update, so that a screen or another UI can
 * say "updating firmware" while the station installs. Provided by whoever wants to know (e.g. the display);
 * {@code io.galvani.firmware} calls every registered listener.
 *
 * <p>Contract: a listener is told the current status as soon as it is registered (Idle when no update ever ran),
 * then every status the station reports to the CSMS with FirmwareStatusNotification, in order, one call at a time.
 * Calls come from the firmware bundle's threads (the one that installs, too) and must return quickly: hand the
 * work to your own thread. An exception thrown by a listener is logged and does not stop the update. A listener must not reference a service of the firmware
 * bundle (no DS reference cycle).
 *
 * @since 1.2
 */
@ConsumerType
public interface FirmwareStatusListener {

    /** The firmware update is now in {@code status}. */
    void firmwareStatusChanged(FirmwareUpdateStatus status);
}
