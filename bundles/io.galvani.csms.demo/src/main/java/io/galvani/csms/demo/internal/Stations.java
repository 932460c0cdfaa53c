package io.galvani.csms.demo.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.galvani.csms.demo.Handshake;

/** Which stations are connected, how often they connected, and their handshakes. */
final class Stations {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, OcppEndpoint> open = new HashMap<>();
    private final Map<String, Integer> connectionCounts = new HashMap<>();
    private final Map<String, List<Handshake>> handshakes = new HashMap<>();

    void handshake(Handshake handshake) {
        lock.lock();
        try {
            handshakes.computeIfAbsent(handshake.stationId(), id -> new ArrayList<>()).add(handshake);
        } finally {
            lock.unlock();
        }
    }

    /** Registers the station's new connection (a reconnect replaces a stale one); returns its number, from 1. */
    int opened(OcppEndpoint endpoint) {
        lock.lock();
        try {
            open.put(endpoint.stationId(), endpoint);
            changed.signalAll();
            return connectionCounts.merge(endpoint.stationId(), 1, Integer::sum);
        } finally {
            lock.unlock();
        }
    }

    /** @return whether this was the station's current connection */
    boolean closed(OcppEndpoint endpoint) {
        lock.lock();
        try {
            boolean current = open.remove(endpoint.stationId(), endpoint);
            changed.signalAll();
            return current;
        } finally {
            lock.unlock();
        }
    }

    Optional<OcppEndpoint> endpoint(String stationId) {
        lock.lock();
        try {
            return Optional.ofNullable(open.get(stationId));
        } finally {
            lock.unlock();
        }
    }

    List<OcppEndpoint> all() {
        lock.lock();
        try {
            return List.copyOf(open.values());
        } finally {
            lock.unlock();
        }
    }

    Set<String> connected() {
        lock.lock();
        try {
            return Set.copyOf(open.keySet());
        } finally {
            lock.unlock();
        }
    }

    int connectionCount(String stationId) {
        lock.lock();
        try {
            return connectionCounts.getOrDefault(stationId, 0);
        } finally {
            lock.unlock();
        }
    }

    List<Handshake> handshakes(String stationId) {
        lock.lock();
        try {
            return List.copyOf(handshakes.getOrDefault(stationId, List.of()));
        } finally {
            lock.unlock();
        }
    }

    Optional<Handshake> lastHandshake(String stationId) {
        List<Handshake> all = handshakes(stationId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    void await(String stationId, boolean connected, Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (open.containsKey(stationId) != connected) {
                if (remaining <= 0) {
                    throw new AssertionError("Station " + stationId + " not " + (connected ? "connected" : "disconnected")
                            + " within " + timeout + "; connected: " + open.keySet() + ", connections so far: "
                            + connectionCounts.getOrDefault(stationId, 0));
                }
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for station " + stationId, e);
        } finally {
            lock.unlock();
        }
    }
}
