package io.galvani.metering.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;

/**
 * The energy meters the HAL currently offers, one per EVSE (EVSE 0 = the main meter), and the safe
 * reading of them: a meter that is not ONLINE, throws or returns nothing yields no reading, never an
 * exception in the caller, and every reading has a monotonic energy register ({@link EnergyRegisterGuard}).
 * An unreadable meter is a status change, not log noise: one warning when a meter becomes unreadable, one
 * line when it is readable again.
 *
 * <p>A component of its own (a service internal to this bundle) so that clock-aligned values
 * ({@link MeteringComponent}) and transaction values ({@link TransactionMeterValuesComponent}) read through the
 * same guard: the CSMS never sees the register of an EVSE go backwards between the two. Immediate, so the
 * guard lives as long as the bundle. Thread-safe: DS binds on its threads while the scheduler, the transport
 * and the transaction code read.
 */
@Component(service = MeterRegistry.class, immediate = true)
public final class MeterRegistry {
    private static final Logger logger = LoggerFactory.getLogger(MeterRegistry.class);

    /** A bound meter with the EVSE it told us at binding. */
    record Bound(EnergyMeter meter, int evseId) {
    }

    private final List<Bound> meters = new CopyOnWriteArrayList<>();
    /** Per EVSE, and also the lock under which that EVSE's meter is read. */
    private final Map<Integer, EnergyRegisterGuard> guards = new ConcurrentHashMap<>();
    private final Set<Integer> unreadable = ConcurrentHashMap.newKeySet();
    /**
     * Meter reads run here and are waited for at most {@link #timeout}: readers include the transaction thread, which
     * a meter driver that blocks (against the HAL's 50 ms contract) must not stall. A read that hangs keeps this
     * thread, so the next ones time out too: the meter is unreadable until it answers again.
     */
    private final ExecutorService reads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "galvani-metering-reads");
        t.setDaemon(true);
        return t;
    });
    private final Duration timeout;

    public MeterRegistry() {
        this(Duration.ofSeconds(1)); // DS
    }

    MeterRegistry(Duration timeout) {
        this.timeout = timeout;
    }

    @Deactivate
    void deactivate() {
        reads.shutdownNow();
        try {
            if (!reads.awaitTermination(1, TimeUnit.SECONDS)) {
                logger.warn("A meter read still blocks thread galvani-metering-reads after the bundle stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMeter(EnergyMeter meter) {
        int evseId;
        try {
            evseId = meter.evseId();
        } catch (RuntimeException e) {
            logger.warn("Energy meter {} ignored: it cannot tell its EVSE ({})", meter, e.toString());
            return;
        }
        if (evseId < 0) {
            logger.warn("Energy meter {} ignored: invalid EVSE id {}", meter, evseId);
            return;
        }
        if (forEvse(evseId).isPresent()) {
            logger.warn("A second energy meter for EVSE {} ({}); the first one is used", evseId, meter);
        }
        meters.add(new Bound(meter, evseId));
    }

    void removeMeter(EnergyMeter meter) {
        meters.removeIf(b -> b.meter() == meter);
    }

    /** One meter per EVSE, by EVSE id: the first bound wins when two claim the same EVSE. */
    SortedMap<Integer, EnergyMeter> byEvse() {
        SortedMap<Integer, EnergyMeter> result = new TreeMap<>();
        for (Bound b : meters) {
            result.putIfAbsent(b.evseId(), b.meter());
        }
        return result;
    }

    Optional<EnergyMeter> forEvse(int evseId) {
        return meters.stream().filter(b -> b.evseId() == evseId).map(Bound::meter).findFirst();
    }

    /** The latest reading of the EVSE's meter; empty without a meter or if it cannot be read. */
    Optional<MeterReading> read(int evseId) {
        return forEvse(evseId).flatMap(meter -> read(meter, evseId));
    }

    /** The meter's latest reading, register guarded; empty if it is not ONLINE or cannot be read. */
    Optional<MeterReading> read(EnergyMeter meter, int evseId) {
        EnergyRegisterGuard guard = guards.computeIfAbsent(evseId, EnergyRegisterGuard::new);
        // One lock per EVSE: the HAL read never blocks, and a stale reading cannot pass a newer one.
        synchronized (guard) {
            Optional<MeterReading> reading = readUnguarded(meter, evseId);
            if (reading.isPresent() && unreadable.remove(evseId)) {
                logger.info("Energy meter of EVSE {} is readable again", evseId);
            }
            return reading.map(guard::check);
        }
    }

    private Optional<MeterReading> readUnguarded(EnergyMeter meter, int evseId) {
        Future<Object> answer;
        try {
            answer = reads.submit(() -> {
                DeviceStatus status = meter.status();
                if (status != null && !status.isOnline()) {
                    return status;
                }
                return meter.read();
            });
        } catch (RejectedExecutionException stopped) {
            return Optional.empty();
        }
        try {
            Object result = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result instanceof DeviceStatus status) {
                return unreadable(evseId, status.state() + " (" + status.reason() + ")");
            }
            return result == null ? unreadable(evseId, "no reading returned") : Optional.of((MeterReading) result);
        } catch (ExecutionException e) {
            return unreadable(evseId, "read failed: " + e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return unreadable(evseId, "no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<MeterReading> unreadable(int evseId, String why) {
        if (unreadable.add(evseId)) {
            logger.warn("Energy meter of EVSE {} cannot be read: {}; no meter values from it", evseId, why);
        } else {
            logger.debug("Energy meter of EVSE {} still cannot be read: {}", evseId, why);
        }
        return Optional.empty();
    }
}
