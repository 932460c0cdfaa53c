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
import io.galvani.station.api.Station;
import io.galvani.station.api.StationClock;

/**
 * Sends StatusNotification for connectors: all of them after acceptance (B01.FR.05), each change
 * while accepted, and after a reconnection those whose status changed while offline (B04).
 * Confined to the provisioning scheduler thread.
 */
final class StatusReporter {
    private static final Logger logger = LoggerFactory.getLogger(StatusReporter.class);

    private final OcppLink link;
    private final Station station;
    private final StationClock clock;
    /** The last status the CSMS was told per connector, key "evse/connector". */
    private final Map<String, ConnectorStatus> reported = new ConcurrentHashMap<>();

    StatusReporter(OcppLink link, Station station, StationClock clock) {
        this.link = link;
        this.station = station;
        this.clock = clock;
    }

    void reportAll() {
        station.evses().forEach(evse -> evse.connectors().forEach(this::send));
    }

    void reportChanged() {
        station.evses().forEach(evse -> evse.connectors().forEach(c -> {
            if (reported.get(key(c)) != c.status()) {
                send(c);
            }
        }));
    }

    void onChange(ConnectorView connector, boolean accepted) {
        if (accepted && link.status().connected()) {
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
