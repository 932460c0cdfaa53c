package io.galvani.hal.sim.cabinet;

import io.galvani.hal.api.Connector;
import io.galvani.hal.api.ConnectorType;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EvState;

/** A connector whose EV the test sets directly. */
final class FakeConnector implements Connector {
    private final int evseId;
    private volatile EvState ev = EvState.DISCONNECTED;

    FakeConnector(int evseId) {
        this.evseId = evseId;
    }

    /** Plugs in an EV that wants {@code maxCurrentA} at {@code voltageV}. */
    FakeConnector plug(double maxCurrentA, double voltageV) {
        ev = new EvState(true, true, 50.0, maxCurrentA, voltageV);
        return this;
    }

    FakeConnector suspend(boolean suspended) {
        ev = new EvState(true, !suspended, ev.stateOfChargePct(), ev.maxCurrentA(), ev.targetVoltageV());
        return this;
    }

    FakeConnector unplug() {
        ev = EvState.DISCONNECTED;
        return this;
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
        return ConnectorType.cCCS2;
    }

    @Override
    public boolean fixedCable() {
        return true;
    }

    @Override
    public boolean isPlugged() {
        return ev.connected();
    }

    @Override
    public EvState ev() {
        return ev;
    }

    @Override
    public boolean lock() {
        return true;
    }

    @Override
    public boolean unlock() {
        return true;
    }

    @Override
    public boolean isLocked() {
        return false;
    }

    @Override
    public DeviceStatus status() {
        return DeviceStatus.ONLINE;
    }
}
