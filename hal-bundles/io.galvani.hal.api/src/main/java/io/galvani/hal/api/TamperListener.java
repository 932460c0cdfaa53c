package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service told when a {@link TamperSensor} trips or is reset; a listener registered later is told the
 * current state of every sensor that reports tampering. See the package contract for threading.
 *
 * @since 1.1
 */
@ConsumerType
public interface TamperListener {

    void tamperChanged(TamperSensor sensor, boolean tampered);
}
