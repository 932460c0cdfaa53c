package io.galvani.station.internal;

import io.galvani.hal.api.Connector;
import io.galvani.hal.api.ConnectorType;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EvState;

/** A driver with a bug: it knows where it is, but every query about the hardware throws. */
final class ThrowingConnector implements Connector {
    private final int evseId;

    ThrowingConnector(int evseId) {
        this.evseId = evseId;
    }

    @Override
    public int evseId() {
        return evseId;
    }

    @Override
    public int connectorId() {
        return 1;
    }

    @Override
    public ConnectorType type() {
        throw new IllegalStateException("driver bug: type");
    }

    @Override
    public boolean fixedCable() {
        throw new IllegalStateException("driver bug: fixedCable");
    }

    @Override
    public boolean isPlugged() {
        throw new IllegalStateException("driver bug: isPlugged");
    }

    @Override
    public EvState ev() {
        throw new IllegalStateException("driver bug: ev");
    }

    @Override
    public boolean lock() {
        throw new IllegalStateException("driver bug: lock");
    }

    @Override
    public boolean unlock() {
        throw new IllegalStateException("driver bug: unlock");
    }

    @Override
    public boolean isLocked() {
        throw new IllegalStateException("driver bug: isLocked");
    }

    @Override
    public DeviceStatus status() {
        throw new NullPointerException();
    }
}
