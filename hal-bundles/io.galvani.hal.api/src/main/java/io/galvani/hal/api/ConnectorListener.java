package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard service told about connector and EV changes. See the package contract for threading. */
@ConsumerType
public interface ConnectorListener {

    /** A vehicle was plugged in or out. */
    void pluggedChanged(Connector connector, boolean plugged);

    /** The EV's report changed (SoC, suspension, demand). */
    default void evChanged(Connector connector, EvState ev) {
    }

    /** The connector's health changed (e.g. lock failure). */
    default void statusChanged(Connector connector, DeviceStatus status) {
    }
}
