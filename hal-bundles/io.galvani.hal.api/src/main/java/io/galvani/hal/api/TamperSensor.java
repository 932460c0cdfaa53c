package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A tamper detector: an enclosure door switch, a seal, a tilt sensor. Registered by its driver with
 * {@link HalProperties#EVSE_ID} (0 for the station as a whole). Changes are reported to every
 * {@link TamperListener}; see the package contract for threading.
 *
 * @since 1.1
 */
@ConsumerType
public interface TamperSensor {

    /** Whether the sensor reports tampering now (door open, seal broken). */
    boolean tampered();

    DeviceStatus status();
}
