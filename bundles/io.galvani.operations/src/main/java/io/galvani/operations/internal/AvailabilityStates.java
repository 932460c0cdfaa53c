package io.galvani.operations.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;

/**
 * The device model's AvailabilityState of the station, an EVSE and a connector (values of
 * ConnectorStatusEnumType). A connector reports its status. An EVSE is Occupied if a connector is,
 * else Available if one is, else Reserved if one is, Faulted if all are, else Unavailable. The
 * station is Unavailable when set Inoperative, else Available if an EVSE is, else Occupied,
 * Reserved, Faulted (all) or Unavailable in that order.
 */
final class AvailabilityStates {
    static final String[] VALUES = { "Available", "Occupied", "Reserved", "Unavailable", "Faulted" };

    private AvailabilityStates() {
    }

    static String connector(Station station, int evseId, int connectorId) {
        return station.connector(evseId, connectorId).map(c -> c.status().name()).orElse(null);
    }

    static String evse(Station station, int evseId) {
        Optional<EvseView> evse = station.evses().stream().filter(e -> e.id() == evseId).findFirst();
        return evse.map(e -> evseStatus(e).name()).orElse(null);
    }

    static String station(Station station, boolean inoperative) {
        if (inoperative) {
            return ConnectorStatus.Unavailable.name();
        }
        List<ConnectorStatus> evses = station.evses().stream().map(AvailabilityStates::evseStatus).toList();
        if (evses.contains(ConnectorStatus.Available)) {
            return ConnectorStatus.Available.name();
        }
        return aggregate(evses, ConnectorStatus.Occupied).name();
    }

    static ConnectorStatus evseStatus(EvseView evse) {
        List<ConnectorStatus> connectors = evse.connectors().stream().map(ConnectorView::status).toList();
        if (connectors.contains(ConnectorStatus.Occupied)) {
            return ConnectorStatus.Occupied;
        }
        return aggregate(connectors, ConnectorStatus.Available);
    }

    private static ConnectorStatus aggregate(Collection<ConnectorStatus> all, ConnectorStatus first) {
        if (all.contains(first)) {
            return first;
        }
        for (ConnectorStatus s : List.of(ConnectorStatus.Available, ConnectorStatus.Occupied,
                ConnectorStatus.Reserved)) {
            if (all.contains(s)) {
                return s;
            }
        }
        if (!all.isEmpty() && all.stream().allMatch(s -> s == ConnectorStatus.Faulted)) {
            return ConnectorStatus.Faulted;
        }
        return ConnectorStatus.Unavailable;
    }
}
