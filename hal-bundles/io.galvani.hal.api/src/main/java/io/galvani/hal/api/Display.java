package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A text display, registered with {@link HalProperties#EVSE_ID} (0 for one station-wide screen). */
@ConsumerType
public interface Display {

    /** Lines of text that fit on the screen, and characters per line. */
    int rows();

    int columns();

    /** Shows {@code content}, replacing what was shown. */
    void show(DisplayContent content);

    /** What the screen shows now. */
    DisplayContent current();

    DeviceStatus status();
}
