package io.galvani.provisioning.internal;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.StatusNotificationRequest;
import io.galvani.ocpp.model.messages.StatusNotificationResponse;
import io.galvani.ocpp.model.types.ConnectorStatusEnumType;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.StationClock;

/**
 * Sends StatusNotification for connectors: all of them after acceptance (B01.FR.05) and after an
 * offline period longer than OfflineThreshold (B04.FR.01), each change while accepted, after a
 * shorter offline period those whose status differs from what the CSMS was last told (B04.FR.02), and
 * one connector's current status when the CSMS asks with TriggerMessage (F06). Knows the connectors
 * from the station's listener events alone. Sending is confined to the provisioning scheduler thread;
 * {@link #knows} may be asked from any thread.
 */
final class StatusReporter {
    private static final Logger logger = LoggerFactory.getLogger(StatusReporter.class);

    private final OcppLink link;
    private final StationClock clock;
    private final TriggeredCalls triggered;
    /** The latest status of every connector, in evse/connector order. */
    private final Map<ConnectorKey, ConnectorView> connectors = new ConcurrentSkipListMap<>();
    /** The last status the CSMS was told per connector. */
    private final Map<ConnectorKey, ConnectorStatus> reported = new ConcurrentHashMap<>();

    StatusReporter(OcppLink link, StationClock clock, TriggeredCalls triggered) {
        this.link = link;
        this.clock = clock;
        this.triggered = triggered;
    }

    void reportAll() {
        connectors.values().forEach(c -> send(c, false));
    }

    void reportChanged() {
        connectors.values().forEach(c -> {
            if (reported.get(ConnectorKey.of(c)) != c.status()) {
                send(c, false);
            }
        });
    }

    void onChange(ConnectorView connector, boolean accepted) {
        ConnectorKey key = ConnectorKey.of(connector);
        connectors.put(key, connector);
        if (accepted && link.status().connected() && reported.get(key) != connector.status()) {
            send(connector, false);
        }
    }

    /** Whether the station has told us about EVSE {@code evseId}; any thread. */
    boolean knowsEvse(int evseId) {
        return connectors.keySet().stream().anyMatch(k -> k.evseId() == evseId);
    }

    /** Whether the station has told us about this connector; any thread. */
    boolean knows(int evseId, int connectorId) {
        return connectors.containsKey(new ConnectorKey(evseId, connectorId));
    }

    /** Sends the connector's current status, changed or not, as a triggered message (F06). */
    void reportTriggered(int evseId, int connectorId) {
        ConnectorView connector = connectors.get(new ConnectorKey(evseId, connectorId));
        if (connector == null) {
            logger.warn("Triggered StatusNotification for unknown connector {}/{} not sent", evseId, connectorId);
            return;
        }
        send(connector, true);
    }

    private void send(ConnectorView connector, boolean wasTriggered) {
        ConnectorKey key = ConnectorKey.of(connector);
        reported.put(key, connector.status());
        StatusNotificationRequest request = StatusNotificationRequest.of(clock.now(),
                ConnectorStatusEnumType.fromValue(connector.status().name()), connector.evseId(),
                connector.connectorId());
        CompletionStage<StatusNotificationResponse> answer = wasTriggered ? triggered.call(link, request)
                : link.call(request);
        answer.whenComplete((response, failure) -> {
            if (failure != null) {
                // Forget it so that the next reconnection reports it again.
                reported.remove(key, connector.status());
                logger.warn("StatusNotification for {} not delivered: {}", key, failure.toString());
            }
        });
    }

    /** A connector's identity, ordered by EVSE then connector. */
    record ConnectorKey(int evseId, int connectorId) implements Comparable<ConnectorKey> {

        static ConnectorKey of(ConnectorView c) {
            return new ConnectorKey(c.evseId(), c.connectorId());
        }

        @Override
        public int compareTo(ConnectorKey o) {
            int c = Integer.compare(evseId, o.evseId);
            return c != 0 ? c : Integer.compare(connectorId, o.connectorId);
        }

        @Override
        public String toString() {
            return evseId + "/" + connectorId;
        }
    }
}
