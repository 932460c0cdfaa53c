package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One connector of an EVSE and the EV behind it: plug detection, cable lock and what the EV tells
 * the charger over the charging protocol (for CCS: DIN 70121 / ISO 15118 state of charge and
 * whether it wants energy). Registered with {@link HalProperties#EVSE_ID} and
 * {@link HalProperties#CONNECTOR_ID}. Changes are reported to every {@link ConnectorListener}.
 */
@ConsumerType
public interface Connector {

    int evseId();

    int connectorId();

    ConnectorType type();

    /** Whether a fixed cable has no lock actuator (then lock/unlock are no-ops that succeed). */
    boolean fixedCable();

    /** Whether a vehicle is connected (for a fixed cable: the vehicle inlet is plugged). */
    boolean isPlugged();

    /** What the connected EV reports; {@link EvState#DISCONNECTED} when nothing is plugged. */
    EvState ev();

    /** Locks the connector; returns false if the lock did not engage. */
    boolean lock();

    /** Unlocks the connector; returns false if it did not release. */
    boolean unlock();

    boolean isLocked();

    DeviceStatus status();
}
