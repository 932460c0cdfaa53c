package io.galvani.station.internal;

import io.galvani.hal.api.Connector;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

/** What the station knows about one connector; confined to the station's event thread. */
final class ConnectorState {
    private final Connector hal;
    private final ConnectorKey key;
    private final String type;
    private boolean plugged;
    private boolean claimed;
    private boolean unavailable;
    /** Claimed by a {@link io.galvani.station.api.ConnectorReservation}. */
    private boolean reserved;
    private boolean driverPresent = true;
    private boolean cabinetPresent = true;
    private DeviceStatus deviceStatus;

    /** Reads the driver's state through {@code calls}: a driver that throws makes the connector Faulted. */
    ConnectorState(Connector hal, ConnectorKey key, DriverCalls calls) {
        this.hal = hal;
        this.key = key;
        this.type = calls.query(hal, "type", () -> String.valueOf(hal.type()), () -> "Unknown");
        this.plugged = calls.query(hal, "isPlugged", hal::isPlugged, () -> false);
        this.deviceStatus = calls.query(hal, "status", () -> nonNull(hal.status()),
                () -> DeviceStatus.faulted("driver error"));
    }

    private static DeviceStatus nonNull(DeviceStatus status) {
        return status == null ? DeviceStatus.faulted("driver reported no status") : status;
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

    /** Whether the power cabinet feeding this connector's EVSE has a driver (false once its driver went away). */
    void setCabinetPresent(boolean present) {
        this.cabinetPresent = present;
    }

    void setDeviceStatus(DeviceStatus status) {
        this.deviceStatus = nonNull(status);
    }

    /** Carries what the station decided about the connector over to a new driver of it (a restarted driver). */
    void inheritFrom(ConnectorState previous) {
        this.claimed = previous.claimed;
        this.unavailable = previous.unavailable;
    }

    ConnectorStatus status() {
        // A driver (connector or cabinet) that is away while the connector is set unavailable (e.g. restarted by an EVSE reset) is expected.
        if ((!driverPresent || !cabinetPresent) && !unavailable || deviceStatus.state() == DeviceStatus.State.FAULTED) {
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
        return new ConnectorView(key.evseId(), key.connectorId(), type, status(), plugged);
    }
}
