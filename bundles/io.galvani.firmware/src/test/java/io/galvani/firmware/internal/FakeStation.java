package io.galvani.firmware.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;
import io.galvani.station.api.TransactionControl;

/** Two EVSEs with one connector each, and the transactions on them. */
final class FakeStation implements Station, TransactionControl {
    final Set<Integer> unavailable = ConcurrentHashMap.newKeySet();
    final Set<Integer> charging = ConcurrentHashMap.newKeySet();
    final Map<Integer, CompletableFuture<Void>> idle = new ConcurrentHashMap<>();

    @Override
    public List<EvseView> evses() {
        List<EvseView> evses = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            ConnectorStatus s = unavailable.contains(id) ? ConnectorStatus.Unavailable
                    : charging.contains(id) ? ConnectorStatus.Occupied : ConnectorStatus.Available;
            evses.add(new EvseView(id, List.of(new ConnectorView(id, 1, "cCCS2", s, charging.contains(id)))));
        }
        return evses;
    }

    @Override
    public Optional<ConnectorView> connector(int evseId, int connectorId) {
        return evses().stream().filter(e -> e.id() == evseId).flatMap(e -> e.connectors().stream()).findFirst();
    }

    @Override
    public void setClaimed(int evseId, int connectorId, boolean claimed) {
    }

    @Override
    public void setUnavailable(int evseId, int connectorId, boolean u) {
        if (u) {
            unavailable.add(evseId);
        } else {
            unavailable.remove(evseId);
        }
    }

    @Override
    public boolean active(int evseId) {
        return evseId == 0 ? !charging.isEmpty() : charging.contains(evseId);
    }

    @Override
    public CompletionStage<Void> idle(int evseId) {
        return charging.contains(evseId) ? idle.computeIfAbsent(evseId, k -> new CompletableFuture<>())
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> endForImmediateReset(int evseId) {
        return CompletableFuture.completedFuture(null);
    }

    void transactionEnds(int evseId) {
        charging.remove(evseId);
        CompletableFuture<Void> f = idle.remove(evseId);
        if (f != null) {
            f.complete(null);
        }
    }

    Set<Integer> unavailableNow() {
        return new HashSet<>(unavailable);
    }
}
