package io.galvani.operations.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.ResetEnumType;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.Station;
import io.galvani.station.api.TransactionControl;

/**
 * Reset of the station or of one EVSE (B11/B12), asked by the CSMS or at the console.
 *
 * <ul>
 * <li>No transaction: Accepted, then (after the response went out) reboot / EVSE reset.</li>
 * <li>OnIdle with a transaction: Scheduled; acts once {@link TransactionControl#idle} completes.
 * A scheduled station reboot comes back with boot reason ScheduledReset.</li>
 * <li>Immediate: Accepted; ends the transactions ({@link TransactionControl#endForImmediateReset}),
 * waits for that at most {@code immediateResetTimeoutSeconds}, then acts. An Immediate reset also
 * replaces a Scheduled OnIdle one.</li>
 * <li>Another reset of the station, or of the same EVSE, while one is pending: Rejected
 * (InvalidMessageSeq). An unknown EVSE: Rejected (UnknownEvse).</li>
 * <li>Station reboot: an in-process framework restart with the boot reason set (RemoteReset,
 * ScheduledReset, LocalReset for the console); a failed start is tried again ResetRetries times,
 * {@code resetRetryDelaySeconds} apart.</li>
 * <li>EVSE reset: the EVSE goes Unavailable, its drivers are restarted, then it gets back the
 * availability it had.</li>
 * </ul>
 */
final class ResetManager {
    private static final Logger logger = LoggerFactory.getLogger(ResetManager.class);
    static final int RESPONSE_GRACE_SECONDS = 10;
    private volatile long responseGraceMillis = RESPONSE_GRACE_SECONDS * 1000L;

    /** Who asked for a reset; decides the boot reason. */
    enum Origin {
        CSMS, CONSOLE
    }

    /** Timing and retry settings, from the component configuration. */
    record Settings(int resetRetries, int retryDelaySeconds, int immediateTimeoutSeconds) {
    }

    /** A pending reset; {@code waitingForIdle} while Scheduled. */
    private static final class Pending {
        final Origin origin;
        boolean waitingForIdle;

        Pending(Origin origin, boolean waitingForIdle) {
            this.origin = origin;
            this.waitingForIdle = waitingForIdle;
        }
    }

    private final Station station;
    private final Supplier<TransactionControl> transactions;
    private final AvailabilityManager availability;
    private final Rebooter rebooter;
    private final Supplier<HalRestarter> hal;
    private final ScheduledExecutorService executor;
    private volatile Settings settings;

    /** The pending resets by EVSE id; {@value #STATION} for the station. */
    private final Map<Integer, Pending> pending = new HashMap<>();
    private static final int STATION = 0;

    ResetManager(Station station, Supplier<TransactionControl> transactions, AvailabilityManager availability,
            Rebooter rebooter, Supplier<HalRestarter> hal, ScheduledExecutorService executor, Settings settings) {
        this.station = station;
        this.transactions = transactions;
        this.availability = availability;
        this.rebooter = rebooter;
        this.hal = hal;
        this.executor = executor;
        this.settings = settings;
    }

    /** For tests: how long to wait for the transport to confirm the response before acting anyway. */
    void responseGrace(long millis) {
        this.responseGraceMillis = millis;
    }

    void reconfigure(Settings newSettings) {
        this.settings = newSettings;
    }

    /**
     * Decides a reset at once and arranges what follows.
     *
     * @param evseId        null (or 0) for the station
     * @param afterResponse runs its task once the answer has gone out (the CALLRESULT, or the console's output)
     */
    synchronized Outcome request(ResetEnumType type, Integer evseId, Origin origin, Consumer<Runnable> afterResponse) {
        int id = evseId == null ? STATION : evseId;
        if (id != STATION) {
            Optional<Outcome> unknown = Outcome.unknownTarget(station, id, null);
            if (unknown.isPresent()) {
                return unknown.get();
            }
            if (pending.containsKey(STATION)) {
                return Outcome.rejected("InvalidMessageSeq", "a reset of the station is already pending");
            }
        }
        Consumer<Runnable> then = withFallback(afterResponse);
        Pending current = pending.get(id);
        if (current != null) {
            if (type == ResetEnumType.Immediate && current.waitingForIdle) {
                logger.info("Immediate reset of {} replaces the scheduled OnIdle reset", name(id));
                pending.put(id, new Pending(origin, false));
                then.accept(() -> endTransactionsThen(id, () -> act(id, origin, false)));
                return Outcome.accepted();
            }
            return Outcome.rejected("InvalidMessageSeq", "a reset of " + name(id) + " is already pending");
        }
        TransactionControl tx = transactions.get();
        if (type == ResetEnumType.OnIdle && tx != null && tx.active(id)) {
            Pending scheduled = new Pending(origin, true);
            pending.put(id, scheduled);
            logger.info("Reset of {} scheduled: waiting for its transactions to end", name(id));
            tx.idle(id).whenComplete((v, f) -> executor.execute(() -> idleReached(id, scheduled)));
            return Outcome.scheduled(id == STATION ? "the station resets when its transactions have ended"
                    : "EVSE " + id + " resets when its transaction has ended");
        }
        pending.put(id, new Pending(origin, false));
        logger.info("Reset ({}) of {} accepted", type.value(), name(id));
        if (type == ResetEnumType.Immediate) {
            then.accept(() -> endTransactionsThen(id, () -> act(id, origin, false)));
        } else {
            then.accept(() -> executor.execute(() -> act(id, origin, false)));
        }
        return Outcome.accepted();
    }

    /**
     * Runs the task after the response as asked, or after {@value #RESPONSE_GRACE_SECONDS} s if the
     * transport never confirms the response was written (connection lost meanwhile): an Accepted reset
     * must not stay pending for ever, blocking every later one.
     */
    private Consumer<Runnable> withFallback(Consumer<Runnable> afterResponse) {
        return task -> {
            AtomicBoolean done = new AtomicBoolean();
            Runnable once = () -> {
                if (done.compareAndSet(false, true)) {
                    task.run();
                }
            };
            afterResponse.accept(once);
            executor.schedule(() -> {
                if (!done.get()) {
                    logger.warn("Reset response not confirmed as sent within {} ms; resetting anyway",
                            responseGraceMillis);
                    once.run();
                }
            }, responseGraceMillis, TimeUnit.MILLISECONDS);
        };
    }

    synchronized boolean stationResetPending() {
        return pending.containsKey(STATION);
    }

    synchronized boolean evseResetPending(int evseId) {
        return pending.containsKey(evseId);
    }

    /** Without a transaction service no transaction runs: scheduled resets go ahead. */
    void transactionsGone() {
        Map<Integer, Pending> all;
        synchronized (this) {
            all = new HashMap<>(pending);
        }
        all.forEach((id, p) -> {
            if (p.waitingForIdle) {
                executor.execute(() -> idleReached(id, p));
            }
        });
    }

    private void idleReached(int id, Pending scheduled) {
        synchronized (this) {
            if (pending.get(id) != scheduled || !scheduled.waitingForIdle) {
                return; // replaced by an Immediate reset
            }
            scheduled.waitingForIdle = false;
        }
        logger.info("Transactions ended: scheduled reset of {} goes ahead", name(id));
        act(id, scheduled.origin, true);
    }

    /** Reboots the station or resets the EVSE. */
    private void act(int id, Origin origin, boolean scheduled) {
        if (id == STATION) {
            reboot(reason(origin, scheduled), 0);
        } else {
            resetEvse(id);
        }
    }

    /** Ends the transactions (0 = all) for an Immediate reset, then runs {@code next} on the executor. */
    private void endTransactionsThen(int evseId, Runnable next) {
        TransactionControl tx = transactions.get();
        if (tx == null || !tx.active(evseId)) {
            executor.execute(next);
            return;
        }
        int timeout = settings.immediateTimeoutSeconds();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CompletionStage<Void> stage;
        try {
            stage = tx.endForImmediateReset(evseId);
        } catch (RuntimeException e) {
            logger.warn("Ending the transactions for the reset failed: {}", e.toString());
            executor.execute(next);
            return;
        }
        stage.whenComplete((v, f) -> {
            if (f != null) {
                logger.warn("Ending the transactions for the reset failed: {}", f.toString());
            }
            ended.complete(null);
        });
        ended.orTimeout(timeout, TimeUnit.SECONDS).whenComplete((v, f) -> {
            if (f != null) {
                logger.warn("Transactions not ended within {} s; resetting anyway", timeout);
            }
            executor.execute(next);
        });
    }

    private void resetEvse(int evseId) {
        logger.info("Resetting EVSE {}: Unavailable, restarting its drivers", evseId);
        availability.beginEvseReset(evseId);
        CompletionStage<Void> restarted;
        try {
            restarted = hal.get().restart(evseId);
        } catch (RuntimeException e) {
            logger.error("Restarting the drivers of EVSE {} failed", evseId, e);
            restarted = CompletableFuture.completedFuture(null);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.immediateTimeoutSeconds());
        restarted.whenComplete((v, f) -> executor.execute(() -> finishEvseReset(evseId, deadline)));
    }

    /**
     * Ends an EVSE reset once the station sees the EVSE's connectors again (their drivers are back, no
     * longer Faulted), or at the deadline, whichever comes first.
     */
    private void finishEvseReset(int evseId, long deadline) {
        boolean back = station.evses().stream().filter(e -> e.id() == evseId)
                .flatMap(e -> e.connectors().stream()).noneMatch(c -> c.status() == ConnectorStatus.Faulted);
        if (!back && System.nanoTime() < deadline) {
            executor.schedule(() -> finishEvseReset(evseId, deadline), 100, TimeUnit.MILLISECONDS);
            return;
        }
        if (!back) {
            logger.warn("EVSE {}: a connector is still Faulted after its drivers were restarted", evseId);
        }
        availability.endEvseReset(evseId);
        synchronized (this) {
            pending.remove(evseId);
        }
        logger.info("EVSE {} reset done", evseId);
    }

    private void reboot(BootReasonEnumType reason, int attempt) {
        Settings s = settings;
        try {
            logger.info("Rebooting the station (boot reason {})", reason.value());
            rebooter.reboot(reason, s.resetRetries());
        } catch (Exception e) {
            if (attempt < s.resetRetries()) {
                logger.warn("Reboot failed ({}); attempt {} of {} in {} s", e.toString(), attempt + 2,
                        s.resetRetries() + 1, s.retryDelaySeconds());
                executor.schedule(() -> reboot(reason, attempt + 1), s.retryDelaySeconds(), TimeUnit.SECONDS);
            } else {
                logger.error("Reboot failed {} times ({}); giving up, the station keeps running", attempt + 1,
                        e.toString());
                synchronized (this) {
                    pending.remove(STATION);
                }
            }
        }
    }

    private static String name(int id) {
        return id == STATION ? "the station" : "EVSE " + id;
    }

    private static BootReasonEnumType reason(Origin origin, boolean scheduled) {
        if (origin == Origin.CONSOLE) {
            return BootReasonEnumType.LocalReset;
        }
        return scheduled ? BootReasonEnumType.ScheduledReset : BootReasonEnumType.RemoteReset;
    }
}
