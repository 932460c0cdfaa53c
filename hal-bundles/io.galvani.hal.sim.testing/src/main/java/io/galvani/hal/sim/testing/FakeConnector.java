package io.galvani.hal.sim.testing;

import io.galvani.hal.api.Connector;
import io.galvani.hal.api.ConnectorType;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EvState;

/** A connector whose EV the test sets directly. */
public final class FakeConnector implements Connector {
    private final int evseId;
    private volatile EvState ev = EvState.DISCONNECTED;

    /** A connector of {@code evseId} with no EV plugged in. */
    public FakeConnector(int evseId) {
        this.evseId = evseId;
    }

    /** Plugs in an EV that wants {@code maxCurrentA} at {@code voltageV}. */
    public FakeConnector plug(double maxCurrentA, double voltageV) {
        return plug(maxCurrentA, voltageV, 50.0);
    }

    /** Plugs in an EV that wants {@code maxCurrentA} at {@code voltageV}, at {@code stateOfChargePct}. */
    public FakeConnector plug(double maxCurrentA, double voltageV, double stateOfChargePct) {
        ev = new EvState(true, true, stateOfChargePct, maxCurrentA, voltageV);
        return this;
    }

    /** Keeps the EV plugged in and makes it stop ({@code true}) or resume wanting energy. */
    public FakeConnector suspend(boolean suspended) {
        ev = new EvState(true, !suspended, ev.stateOfChargePct(), ev.maxCurrentA(), ev.targetVoltageV());
        return this;
    }

    /** Unplugs the EV. */
    public FakeConnector unplug() {
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
