package io.galvani.display.internal;

import java.time.Duration;
import java.util.List;

import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
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
 */
record EvseState(int evseId, SessionView session, List<ConnectorView> connectors, Duration elapsed) {

    EvseState {
        connectors = List.copyOf(connectors);
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
