package io.galvani.provisioning.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.StatusNotificationRequest;
import io.galvani.ocpp.model.types.ConnectorStatusEnumType;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.StationClock;

/**
 * Sends StatusNotification for connectors: all of them after acceptance (B01.FR.05), each change
 * while accepted, and after a reconnection those whose status changed while offline (B04).
 * Knows the connectors from the station's listener events alone. Confined to the provisioning
 * scheduler thread, except for the delivery failures that reset {@link #reported}.
 */
final class StatusReporter {
    private static final Logger logger = LoggerFactory.getLogger(StatusReporter.class);

    private final OcppLink link;
    private final StationClock clock;
    /** The latest status of every connector, key "evse/connector", in evse/connector order. */
    private final Map<String, ConnectorView> connectors = new java.util.TreeMap<>();
    /** The last status the CSMS was told per connector, key "evse/connector". */
    private final Map<String, ConnectorStatus> reported = new ConcurrentHashMap<>();

    StatusReporter(OcppLink link, StationClock clock) {
        this.link = link;
        this.clock = clock;
    }

    void reportAll() {
        connectors.values().forEach(this::send);
    }

    void reportChanged() {
        connectors.values().forEach(c -> {
            if (reported.get(key(c)) != c.status()) {
                send(c);
            }
        });
    }

    void onChange(ConnectorView connector, boolean accepted) {
        connectors.put(key(connector), connector);
        if (accepted && link.status().connected() && reported.get(key(connector)) != connector.status()) {
            send(connector);
        }
    }

    private void send(ConnectorView connector) {
        reported.put(key(connector), connector.status());
        StatusNotificationRequest request = StatusNotificationRequest.of(clock.now(),
                ConnectorStatusEnumType.fromValue(connector.status().name()), connector.evseId(),
                connector.connectorId());
        link.call(request).whenComplete((response, failure) -> {
            if (failure != null) {
                // Forget it so that the next reconnection reports it again.
                reported.remove(key(connector), connector.status());
                logger.warn("StatusNotification for {} not delivered: {}", key(connector), failure.toString());
            }
        });
    }

    private static String key(ConnectorView c) {
        return c.evseId() + "/" + c.connectorId();
    }
}
