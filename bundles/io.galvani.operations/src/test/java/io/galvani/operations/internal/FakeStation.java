package io.galvani.operations.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;

/** A station whose connectors follow the Station status rules for unavailability and plugs. */
final class FakeStation implements Station {
    record Call(int evseId, int connectorId, boolean unavailable) {
    }

    private final Map<String, ConnectorView> connectors = new TreeMap<>();
    private final Map<String, Boolean> unavailable = new TreeMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();

    /** A station with {@code connectorsPerEvse[i]} connectors on EVSE i+1. */
    static FakeStation of(int... connectorsPerEvse) {
        FakeStation s = new FakeStation();
        for (int e = 0; e < connectorsPerEvse.length; e++) {
            for (int c = 1; c <= connectorsPerEvse[e]; c++) {
                s.add(new ConnectorView(e + 1, c, "cCCS2", ConnectorStatus.Available, false));
            }
        }
        return s;
    }

    synchronized void add(ConnectorView c) {
        connectors.put(key(c.evseId(), c.connectorId()), c);
    }

    /** The driver restarted: the station forgets the unavailable flag, as the real one does. */
    synchronized ConnectorView driverRestarted(int evseId, int connectorId) {
        unavailable.remove(key(evseId, connectorId));
        ConnectorView c = connectors.get(key(evseId, connectorId));
        ConnectorView fresh = new ConnectorView(evseId, connectorId, c.type(),
                c.plugged() ? ConnectorStatus.Occupied : ConnectorStatus.Available, c.plugged());
        connectors.put(key(evseId, connectorId), fresh);
        return fresh;
    }

    synchronized ConnectorStatus status(int evseId, int connectorId) {
        return connectors.get(key(evseId, connectorId)).status();
    }

    @Override
    public synchronized List<EvseView> evses() {
        Map<Integer, List<ConnectorView>> byEvse = new TreeMap<>();
        connectors.values().forEach(c -> byEvse.computeIfAbsent(c.evseId(), k -> new ArrayList<>()).add(c));
        List<EvseView> result = new ArrayList<>();
        byEvse.forEach((id, list) -> result.add(new EvseView(id, list)));
        return result;
    }

    @Override
    public synchronized Optional<ConnectorView> connector(int evseId, int connectorId) {
        return Optional.ofNullable(connectors.get(key(evseId, connectorId)));
    }

    @Override
    public void setClaimed(int evseId, int connectorId, boolean claimed) {
    }

    @Override
    public synchronized void setUnavailable(int evseId, int connectorId, boolean flag) {
        calls.add(new Call(evseId, connectorId, flag));
        for (ConnectorView c : new ArrayList<>(connectors.values())) {
            if (c.evseId() == evseId && (connectorId == 0 || c.connectorId() == connectorId)) {
                unavailable.put(key(c.evseId(), c.connectorId()), flag);
                ConnectorStatus s = c.status() == ConnectorStatus.Faulted ? ConnectorStatus.Faulted
                        : flag ? ConnectorStatus.Unavailable
                        : c.plugged() ? ConnectorStatus.Occupied : ConnectorStatus.Available;
                connectors.put(key(c.evseId(), c.connectorId()),
                        new ConnectorView(c.evseId(), c.connectorId(), c.type(), s, c.plugged()));
            }
        }
    }

    private static String key(int e, int c) {
        return e + "/" + c;
    }
}
