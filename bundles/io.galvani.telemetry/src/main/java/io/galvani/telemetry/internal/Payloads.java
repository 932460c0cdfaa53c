package io.galvani.telemetry.internal;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.security.api.SecurityEvent;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionView;

/**
 * Builds the JSON payloads (README "Payloads"). Every payload carries {@code at} (UTC, ISO-8601): when it happened
 * at the station, not when the broker got it (which may be much later after an outage). Absent values are left
 * out, not null.
 */
final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Topics topics;

    Payloads(Topics topics) {
        this.topics = topics;
    }

    Message online(Instant at, String firmwareVersion) {
        ObjectNode n = node(at).put("state", "online");
        putIfPresent(n, "firmwareVersion", firmwareVersion);
        return Message.event(topics.status(), bytes(n), true);
    }

    /** The last will and the goodbye on a clean stop; without {@code at} for the will (sent by the broker). */
    Message offline(Instant at, String reason) {
        ObjectNode n = at == null ? JSON.createObjectNode() : node(at);
        n.put("state", "offline").put("reason", reason);
        return Message.event(topics.status(), bytes(n), true);
    }

    Message connector(Instant at, ConnectorView c) {
        ObjectNode n = node(at).put("evseId", c.evseId()).put("connectorId", c.connectorId())
                .put("status", c.status().name()).put("plugged", c.plugged());
        putIfPresent(n, "type", c.type());
        return Message.event(topics.connector(c.evseId(), c.connectorId()), bytes(n), true);
    }

    Message session(Instant at, SessionView s) {
        ObjectNode n = node(at).put("evseId", s.evseId()).put("phase", s.phase().name());
        putIfPresent(n, "transactionId", s.transactionId());
        putIfPresent(n, "chargingState", s.chargingState());
        putIfPresent(n, "idTokenHint", s.idTokenHint());
        putIfPresent(n, "message", s.message());
        putIfPresent(n, "stoppedReason", s.stoppedReason());
        return Message.event(topics.session(s.evseId()), bytes(n), false);
    }

    Message meter(Instant at, SessionView s) {
        ObjectNode n = node(at).put("evseId", s.evseId());
        putIfPresent(n, "transactionId", s.transactionId());
        putIfPresent(n, "chargingState", s.chargingState());
        putIfPresent(n, "energyWh", s.energyWh());
        putIfPresent(n, "powerW", s.powerW());
        putIfPresent(n, "stateOfChargePct", s.stateOfChargePct());
        return Message.meter(topics.meter(s.evseId()), bytes(n));
    }

    Message transaction(Instant at, SessionView s) {
        ObjectNode n = node(at).put("evseId", s.evseId());
        putIfPresent(n, "transactionId", s.transactionId());
        putIfPresent(n, "startedAt", s.startedAt() == null ? null : s.startedAt().toString());
        if (s.elapsed() != null) {
            n.put("durationSeconds", s.elapsed().toSeconds());
        }
        putIfPresent(n, "energyWh", s.energyWh());
        putIfPresent(n, "stateOfChargePct", s.stateOfChargePct());
        putIfPresent(n, "stoppedReason", s.stoppedReason());
        putIfPresent(n, "idTokenHint", s.idTokenHint());
        return Message.event(topics.transaction(s.evseId()), bytes(n), false);
    }

    Message link(Instant at, LinkStatus status, LinkStatistics stats, OutboxStatus outbox) {
        ObjectNode n = node(at);
        if (status == null) {
            n.put("state", "absent");
        } else {
            n.put("state", status.connected() ? "connected" : "disconnected").put("endpoint", status.endpoint())
                    .put("securityProfile", status.securityProfile()).put("queuedCalls", status.queuedCalls());
            putIfPresent(n, "since", status.since() == null ? null : status.since().toString());
            putIfPresent(n, "lastError", status.lastError());
        }
        if (stats != null) {
            putMillis(n, "roundTripMs", stats.lastRoundTrip());
            putMillis(n, "averageRoundTripMs", stats.averageRoundTrip());
            n.put("callsSent", stats.callsSent()).put("callsReceived", stats.callsReceived())
                    .put("reconnects", stats.reconnects()).put("timeouts", stats.timeouts());
        }
        if (outbox != null) {
            n.put("outboxQueued", outbox.queued()).put("outboxCapacity", outbox.capacity());
        }
        return Message.event(topics.link(), bytes(n), true);
    }

    Message security(SecurityEvent e) {
        ObjectNode n = node(e.at()).put("type", e.type()).put("critical", e.critical());
        putIfPresent(n, "techInfo", e.techInfo());
        return Message.event(topics.security(), bytes(n), false);
    }

    Message firmware(Instant at, BundleSet installed) {
        ObjectNode n = node(at).put("bundles", installed.bundles().size());
        putIfPresent(n, "firmwareVersion", installed.firmwareVersion());
        return Message.event(topics.firmware(), bytes(n), true);
    }

    /** Retained: a subscriber sees at once whether an update runs (OCPP FirmwareStatusEnumType values). */
    Message firmwareUpdate(Instant at, FirmwareUpdateStatus status) {
        ObjectNode n = node(at).put("status", status.status());
        if (status.requestId() != null) {
            n.put("requestId", status.requestId());
        }
        return Message.event(topics.firmwareUpdate(), bytes(n), true);
    }

    Message bundle(Instant at, String event, String symbolicName, String version) {
        ObjectNode n = node(at).put("event", event).put("symbolicName", symbolicName).put("version", version);
        return Message.event(topics.bundle(), bytes(n), false);
    }

    Message telemetry(Instant at, int buffered, int bufferCapacity, long bufferDropped, long queueDropped,
            long published) {
        ObjectNode n = node(at).put("buffered", buffered).put("bufferCapacity", bufferCapacity)
                .put("bufferDropped", bufferDropped).put("queueDropped", queueDropped).put("published", published);
        return Message.event(topics.telemetry(), bytes(n), true);
    }

    private static ObjectNode node(Instant at) {
        return JSON.createObjectNode().put("at", at.toString());
    }

    private static void putIfPresent(ObjectNode n, String name, String value) {
        if (value != null && !value.isBlank()) {
            n.put(name, value);
        }
    }

    private static void putIfPresent(ObjectNode n, String name, Double value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    private static void putMillis(ObjectNode n, String name, Duration value) {
        if (value != null) {
            n.put(name, value.toNanos() / 1_000_000.0);
        }
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }
}
