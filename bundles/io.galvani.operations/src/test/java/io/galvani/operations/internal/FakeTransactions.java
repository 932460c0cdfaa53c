package io.galvani.operations.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.station.api.TransactionControl;

/** Transactions on a set of EVSEs; {@link #end} ends one and completes whoever waits for idle. */
final class FakeTransactions implements TransactionControl {
    private final Set<Integer> running = ConcurrentHashMap.newKeySet();
    private final Map<Integer, CompletableFuture<Void>> idle = new ConcurrentHashMap<>();
    final List<Integer> endedForImmediateReset = new CopyOnWriteArrayList<>();
    /** When false, endForImmediateReset never completes (a CSMS that does not answer). */
    volatile boolean immediateResetCompletes = true;

    FakeTransactions running(int evseId) {
        running.add(evseId);
        return this;
    }

    synchronized void end(int evseId) {
        running.remove(evseId);
        complete(evseId);
        if (running.isEmpty()) {
            complete(0);
        }
    }

    private void complete(int key) {
        CompletableFuture<Void> f = idle.remove(key);
        if (f != null) {
            f.complete(null);
        }
    }

    @Override
    public boolean active(int evseId) {
        return evseId == 0 ? !running.isEmpty() : running.contains(evseId);
    }

    @Override
    public synchronized CompletionStage<Void> idle(int evseId) {
        if (!active(evseId)) {
            return CompletableFuture.completedFuture(null);
        }
        return idle.computeIfAbsent(evseId, k -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<Void> endForImmediateReset(int evseId) {
        endedForImmediateReset.add(evseId);
        if (!immediateResetCompletes) {
            return new CompletableFuture<>();
        }
        if (evseId == 0) {
            running.forEach(this::end);
        } else {
            end(evseId);
        }
        return CompletableFuture.completedFuture(null);
    }
}
