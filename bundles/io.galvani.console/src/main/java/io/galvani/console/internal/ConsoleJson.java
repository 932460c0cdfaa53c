package io.galvani.console.internal;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.security.api.SecurityEvent;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionView;

/**
 * The JSON shapes the console's pages read (documented in the bundle README). Values that do not apply are
 * {@code null}; a non-finite measurement is {@code null} too (NaN is not JSON); no idToken appears except masked.
 */
final class ConsoleJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleJson() {
    }

    static ObjectNode hello(int keptFrames, long droppedEvents) {
        return JSON.createObjectNode().put("keptFrames", keptFrames).put("droppedEvents", droppedEvents);
    }

    static ObjectNode connector(ConnectorView c, boolean simulated) {
        return JSON.createObjectNode().put("evseId", c.evseId()).put("connectorId", c.connectorId())
                .put("type", c.type()).put("status", c.status().name()).put("plugged", c.plugged())
                .put("simulated", simulated);
    }

    static ObjectNode session(SessionView s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("evseId", s.evseId());
        n.put("phase", s.phase().name());
        n.put("transactionId", s.transactionId());
        n.put("chargingState", s.chargingState());
        n.put("idTokenHint", mask(s.idTokenHint()));
        n.put("startedAt", iso(s.startedAt()));
        n.put("elapsedSeconds", s.elapsed() == null ? null : s.elapsed().toSeconds());
        n.put("energyWh", finite(s.energyWh()));
        n.put("powerW", finite(s.powerW()));
        n.put("soc", finite(s.stateOfChargePct()));
        n.put("message", s.message());
        n.put("stoppedReason", s.stoppedReason());
        return n;
    }

    static ObjectNode link(LinkStatus st, LinkStatistics stats) {
        ObjectNode n = JSON.createObjectNode();
        n.put("available", true);
        n.put("connected", st.connected());
        n.put("endpoint", st.endpoint());
        n.put("securityProfile", st.securityProfile());
        n.put("since", iso(st.since()));
        n.put("lastError", st.lastError());
        n.put("activeNetworkProfile", st.activeNetworkProfile());
        n.put("transportQueue", st.queuedCalls());
        ObjectNode s = n.putObject("statistics");
        s.put("lastRoundTripMs", millis(stats.lastRoundTrip()));
        s.put("averageRoundTripMs", millis(stats.averageRoundTrip()));
        s.put("callsSent", stats.callsSent());
        s.put("callsReceived", stats.callsReceived());
        s.put("reconnects", stats.reconnects());
        s.put("timeouts", stats.timeouts());
        return n;
    }

    static ObjectNode outbox(OutboxStatus o) {
        return JSON.createObjectNode().put("queued", o.queued()).put("capacity", o.capacity())
                .put("oldest", iso(o.oldest())).put("delivered", o.delivered()).put("discarded", o.discarded())
                .put("inFlight", o.inFlight());
    }

    static ObjectNode securityEvent(SecurityEvent e) {
        return JSON.createObjectNode().put("at", iso(e.at())).put("type", e.type()).put("techInfo", e.techInfo())
                .put("critical", e.critical());
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static Double millis(Duration d) {
        return d == null ? null : d.toNanos() / 1_000_000.0;
    }

    static Double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }

    /**
     * The transaction bundle masks the hint already; masked again here so that a full token never reaches a
     * browser: {@code ****} and at most the last 4 characters, never more than half of it.
     */
    static String mask(String hint) {
        if (hint == null) {
            return null;
        }
        boolean masked = hint.startsWith("****");
        String bare = masked ? hint.substring(4) : hint;
        int shown = masked ? Math.min(4, bare.length()) : Math.min(4, bare.length() / 2);
        return "****" + bare.substring(bare.length() - shown);
    }
}
