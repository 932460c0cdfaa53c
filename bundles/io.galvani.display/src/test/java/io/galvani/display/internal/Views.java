package io.galvani.display.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** Session views and EVSE states for the tests. */
final class Views {
    static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private Views() {
    }

    static SessionView view(int evseId, SessionPhase phase) {
        return new SessionView(evseId, phase, null, null, null, null, null, null, null, null, null, null);
    }

    static SessionView charging(int evseId, SessionPhase phase, Double wh, Double w, Double soc, Duration elapsed) {
        return new SessionView(evseId, phase, "TX-" + evseId, "Charging", "****F7E6", START, elapsed, wh, w, soc, null,
                null);
    }

    static SessionView rejected(int evseId, String message) {
        return new SessionView(evseId, SessionPhase.REJECTED, null, null, "****F7E6", null, null, null, null, null,
                message, null);
    }

    static SessionView finished(int evseId, Double wh, Duration elapsed, String stoppedReason, String message) {
        return new SessionView(evseId, SessionPhase.FINISHED, "TX-" + evseId, "EVConnected", "****F7E6", START,
                elapsed, wh, 0.0, 80.0, message, stoppedReason);
    }

    static ConnectorView connector(int evseId, ConnectorStatus status, boolean plugged) {
        return new ConnectorView(evseId, 1, "cCCS2", status, plugged);
    }

    static EvseState evse(SessionView view, ConnectorView... connectors) {
        return new EvseState(view.evseId(), view, List.of(connectors), view.elapsed());
    }
}
