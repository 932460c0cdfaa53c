package io.galvani.display.internal;

import java.time.Duration;
import java.util.List;

import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionCost;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/**
 * What the screen knows about one EVSE at the moment it is drawn.
 *
 * @param evseId     the EVSE (1-based)
 * @param session    its session as the transaction bundle last told it; null when that bundle is not
 *                   running (or has said nothing about this EVSE yet)
 * @param connectors its connectors as the station last told them; may be empty
 * @param elapsed    how long the session has been running (or ran, once finished), as of now; null if unknown
 * @param cost       what the session costs so far (the total once finished), from a tariff bundle; null if none
 * @param firmware   the station's firmware update, as the firmware bundle last told it; never null
 */
record EvseState(int evseId, SessionView session, List<ConnectorView> connectors, Duration elapsed, SessionCost cost,
        FirmwareUpdateStatus firmware) {

    EvseState {
        connectors = List.copyOf(connectors);
        firmware = firmware == null ? FirmwareUpdateStatus.IDLE : firmware;
    }

    EvseState(int evseId, SessionView session, List<ConnectorView> connectors, Duration elapsed) {
        this(evseId, session, connectors, elapsed, null, FirmwareUpdateStatus.IDLE);
    }

    /**
     * The station installs firmware and this EVSE has no session that the driver must still follow: installing
     * (bundles swapped, or restarting), or due and waiting for idle EVSEs with this one closed for it (L01.FR.07).
     */
    boolean updatingFirmware() {
        SessionPhase p = phase();
        boolean noSession = p == SessionPhase.IDLE || p == SessionPhase.UNAVAILABLE
                || p == SessionPhase.WAITING_FOR_AUTHORIZATION;
        return noSession && (firmware.installing() || firmware.installPending() && unavailable());
    }

    SessionPhase phase() {
        return session == null || session.phase() == null ? SessionPhase.IDLE : session.phase();
    }

    boolean plugged() {
        return connectors.stream().anyMatch(ConnectorView::plugged);
    }

    /** No connector can be used, and at least one because it is faulted. */
    boolean faulted() {
        return !connectors.isEmpty()
                && connectors.stream().anyMatch(c -> c.status() == ConnectorStatus.Faulted)
                && connectors.stream().allMatch(c -> c.status() == ConnectorStatus.Faulted
                        || c.status() == ConnectorStatus.Unavailable);
    }

    /** Every connector was set Unavailable (ChangeAvailability, or a fault: see {@link #faulted}). */
    boolean unavailable() {
        return !connectors.isEmpty() && connectors.stream()
                .allMatch(c -> c.status() == ConnectorStatus.Unavailable || c.status() == ConnectorStatus.Faulted);
    }

    boolean reserved() {
        return connectors.stream().anyMatch(c -> c.status() == ConnectorStatus.Reserved);
    }
}
