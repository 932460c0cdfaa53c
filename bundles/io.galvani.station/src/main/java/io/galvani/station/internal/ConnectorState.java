package io.galvani.station.internal;

import io.galvani.hal.api.Connector;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

/** What the station knows about one connector; confined to the station's event thread. */
final class ConnectorState {
    private final Connector hal;
    private boolean plugged;
    private boolean claimed;
    private boolean unavailable;
    /** Claimed by a {@link io.galvani.station.api.ConnectorReservation}. */
    private boolean reserved;
    private boolean driverPresent = true;
    private DeviceStatus deviceStatus;

    ConnectorState(Connector hal) {
        this.hal = hal;
        this.plugged = hal.isPlugged();
        this.deviceStatus = hal.status();
    }

    Connector hal() {
        return hal;
    }

    void setPlugged(boolean plugged) {
        this.plugged = plugged;
    }

    void setClaimed(boolean claimed) {
        this.claimed = claimed;
    }

    void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    void setReserved(boolean reserved) {
        this.reserved = reserved;
    }

    void setDriverPresent(boolean present) {
        this.driverPresent = present;
    }

    void setDeviceStatus(DeviceStatus status) {
        this.deviceStatus = status;
    }

    /** Carries what the station decided about the connector over to a new driver of it (a restarted driver). */
    void inheritFrom(ConnectorState previous) {
        this.claimed = previous.claimed;
        this.unavailable = previous.unavailable;
    }

    ConnectorStatus status() {
        // A driver that is away while the connector is set unavailable (e.g. restarted by an EVSE reset) is expected.
        if (!driverPresent && !unavailable || deviceStatus.state() == DeviceStatus.State.FAULTED) {
            return ConnectorStatus.Faulted;
        }
        if (unavailable || deviceStatus.state() == DeviceStatus.State.OFFLINE) {
            return ConnectorStatus.Unavailable;
        }
        if (reserved) {
            return ConnectorStatus.Reserved; // a cable plugged in does not change it (G01.FR.09)
        }
        return plugged || claimed ? ConnectorStatus.Occupied : ConnectorStatus.Available;
    }

    ConnectorView view() {
        return new ConnectorView(hal.evseId(), hal.connectorId(), hal.type().name(), status(), plugged);
    }
}
