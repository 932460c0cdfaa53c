package io.galvani.operations.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.Station;
import io.galvani.station.api.TransactionControl;

/**
 * ChangeAvailability (G03/G04) and the EVSE-reset unavailability, applied to the {@link Station}.
 *
 * <p>Two sets of settings: {@code desired}, what was last asked and is stored (so it survives a
 * reboot, G03.FR.08/G04.FR.09), and {@code applied}, what is in force. They differ only while a
 * change waits for a transaction to end (Scheduled, G03.FR.05/G04.FR.06). A connector is
 * unavailable when it, its EVSE or the station is applied Inoperative, or its EVSE is being reset.
 * The station is told only about connectors whose unavailability changes, so that other users of
 * {@link Station#setUnavailable} are not overridden needlessly.
 *
 * <p>Thread-safe: decisions are synchronized and quick; the station applies them on its own thread
 * and reports the resulting status changes (StatusNotification, G03.FR.04/G04.FR.05) to its listeners.
 */
final class AvailabilityManager {
    private static final Logger logger = LoggerFactory.getLogger(AvailabilityManager.class);

    private final Station station;
    private final Supplier<TransactionControl> transactions;
    private final AvailabilityStore store;
    private final Executor executor;
    private final Set<Integer> resetting = new HashSet<>();
    private AvailabilitySettings desired;
    private AvailabilitySettings applied;

    AvailabilityManager(Station station, Supplier<TransactionControl> transactions, AvailabilityStore store,
            Executor executor) {
        this.station = station;
        this.transactions = transactions;
        this.store = store;
        this.executor = executor;
        this.desired = store.load();
        this.applied = desired;
    }

    /** Applies the stored settings to the connectors known now (B11.FR.02, G03.FR.08); later ones via {@link #reassert}. */
    synchronized void start() {
        if (!desired.equals(AvailabilitySettings.ALL_OPERATIVE)) {
            logger.info("Availability restored from {}: {}", store.file(), describe(desired));
        }
        for (ConnectorView c : connectors()) {
            if (unavailable(c.evseId(), c.connectorId())) {
                station.setUnavailable(c.evseId(), c.connectorId(), true);
            }
        }
    }

    /**
     * Handles a ChangeAvailability for {@code scope}: Rejected for an unknown EVSE or connector,
     * Accepted when already so (G03.FR.03/G04.FR.04) or applied at once, Scheduled while a transaction
     * runs on it.
     */
    synchronized Outcome change(Scope scope, boolean inoperative) {
        Optional<Outcome> unknown = validate(scope);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        if (desired.inoperative(scope) != inoperative) {
            AvailabilitySettings next = desired.with(scope, inoperative);
            try {
                store.save(next);
            } catch (IOException e) {
                logger.error("Cannot store availability in {}: {}", store.file(), e.toString());
                return Outcome.rejected("InternalError", "cannot store the availability: " + e.getMessage());
            }
            desired = next;
        }
        if (applied.inoperative(scope) == inoperative) {
            return Outcome.accepted();
        }
        TransactionControl tx = transactions.get();
        if (tx != null && tx.active(scope.evseId())) {
            logger.info("{} becomes {} when its transaction ends", scope, state(inoperative));
            tx.idle(scope.evseId()).whenComplete((v, f) -> executor.execute(() -> applyDesired(scope)));
            return Outcome.scheduled("applied when the transaction on " + scope + " has ended");
        }
        logger.info("{} set {}", scope, state(inoperative));
        update(() -> applied = applied.with(scope, inoperative));
        return Outcome.accepted();
    }

    /** Applies what was asked for {@code scope} (a Scheduled change whose transaction ended). */
    synchronized void applyDesired(Scope scope) {
        boolean want = desired.inoperative(scope);
        if (applied.inoperative(scope) != want) {
            logger.info("{} set {} (scheduled)", scope, state(want));
            update(() -> applied = applied.with(scope, want));
        }
    }

    /** Without a transaction service no transaction runs: every Scheduled change applies now. */
    synchronized void transactionsGone() {
        if (!applied.equals(desired)) {
            logger.info("No transaction service: scheduled availability changes apply now");
            update(() -> applied = desired);
        }
    }

    /** Takes an EVSE Unavailable for its reset (B11.FR.08). */
    synchronized void beginEvseReset(int evseId) {
        update(() -> resetting.add(evseId));
    }

    /** Gives the EVSE back the availability it had before its reset. */
    synchronized void endEvseReset(int evseId) {
        update(() -> resetting.remove(evseId));
    }

    /**
     * Re-applies unavailability to a connector the station reports usable although it should not be:
     * a connector found after start-up (a restarted driver keeps its flag: the station carries it over).
     */
    synchronized void reassert(ConnectorView c) {
        boolean usable = c.status() == ConnectorStatus.Available || c.status() == ConnectorStatus.Occupied
                || c.status() == ConnectorStatus.Reserved;
        if (usable && unavailable(c.evseId(), c.connectorId())) {
            station.setUnavailable(c.evseId(), c.connectorId(), true);
        }
    }

    synchronized AvailabilitySettings applied() {
        return applied;
    }

    synchronized AvailabilitySettings desired() {
        return desired;
    }

    synchronized boolean resetting(int evseId) {
        return resetting.contains(evseId);
    }

    /** Whether the connector must be unavailable because of availability settings or an EVSE reset. */
    synchronized boolean unavailable(int evseId, int connectorId) {
        return applied.connectorUnavailable(evseId, connectorId) || resetting.contains(evseId);
    }

    private Optional<Outcome> validate(Scope scope) {
        if (scope.isStation()) {
            return Optional.empty();
        }
        return Outcome.unknownTarget(station, scope.evseId(), scope.isConnector() ? scope.connectorId() : null);
    }

    /** Runs {@code change} and tells the station about every connector whose unavailability it changed. */
    private void update(Runnable change) {
        List<ConnectorView> all = connectors();
        Map<String, Boolean> before = new HashMap<>();
        all.forEach(c -> before.put(key(c), unavailable(c.evseId(), c.connectorId())));
        change.run();
        for (ConnectorView c : all) {
            boolean now = unavailable(c.evseId(), c.connectorId());
            if (now != before.get(key(c))) {
                station.setUnavailable(c.evseId(), c.connectorId(), now);
            }
        }
    }

    private List<ConnectorView> connectors() {
        List<ConnectorView> all = new ArrayList<>();
        station.evses().forEach(e -> all.addAll(e.connectors()));
        return all;
    }

    private static String key(ConnectorView c) {
        return c.evseId() + "/" + c.connectorId();
    }

    private static String state(boolean inoperative) {
        return inoperative ? "Inoperative" : "Operative";
    }

    static String describe(AvailabilitySettings s) {
        return "station " + state(s.stationInoperative()) + ", inoperative EVSEs " + s.inoperativeEvses()
                + ", inoperative connectors " + s.inoperativeConnectors();
    }
}
