package io.galvani.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetRating;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.PowerCabinet;
import io.galvani.hal.api.PowerCabinetListener;

/**
 * The behavioural contract of {@link PowerCabinet} (see the io.galvani.hal.api package Javadoc), as
 * a test any driver runs: extend this class, implement {@link #createHarness()} for your driver (and
 * your test bench or hardware-in-the-loop EV emulator) and run it with JUnit 5.
 *
 * <p>The tests use real time: make the harness's cable check and pre-charge short (tens of ms).
 */
public abstract class PowerCabinetContract {

    /** What the contract needs from the driver's test set-up. */
    public interface Harness extends AutoCloseable {
        /** The cabinet under test, activated. */
        PowerCabinet cabinet();

        /** Registers a listener as the OSGi whiteboard would. */
        void addListener(PowerCabinetListener listener);

        /** Connects an EV to {@code evseId} that wants energy (at least a few kW). */
        void connectVehicle(int evseId);

        /** Disconnects the EV from {@code evseId}. */
        void disconnectVehicle(int evseId);

        /** How long phases may take to complete on this driver. */
        default Duration timeout() {
            return Duration.ofSeconds(10);
        }

        /** Deactivates the driver; nothing may be left running. */
        @Override
        void close();
    }

    /** The threading contract: HAL methods return within this time. */
    protected static final long MAX_CALL_MILLIS = 50;

    protected abstract Harness createHarness() throws Exception;

    private Harness harness;
    private PowerCabinet cabinet;
    private int evse;
    private final List<CabinetState> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> reportNanos = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> listenerThreads = Collections.synchronizedSet(new java.util.HashSet<>());
    private final AtomicInteger concurrentCalls = new AtomicInteger();
    private final AtomicInteger maxConcurrentCalls = new AtomicInteger();

    @BeforeEach
    void setUpHarness() throws Exception {
        harness = createHarness();
        cabinet = harness.cabinet();
        evse = cabinet.evseIds().iterator().next();
        harness.addListener((c, s) -> {
            int n = concurrentCalls.incrementAndGet();
            maxConcurrentCalls.accumulateAndGet(n, Math::max);
            listenerThreads.add(Thread.currentThread().getName());
            reports.add(s);
            reportNanos.add(System.nanoTime());
            concurrentCalls.decrementAndGet();
        });
    }

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void describesItselfAndStartsIdle() {
        assertThat(cabinet.evseIds()).isNotEmpty().allMatch(e -> e >= 1);
        CabinetRating r = cabinet.rating();
        assertThat(r.maxPowerW()).isPositive();
        assertThat(r.maxCurrentA()).isPositive();
        assertThat(r.maxVoltageV()).isGreaterThan(r.minVoltageV());
        for (int e : cabinet.evseIds()) {
            CabinetState s = cabinet.state(e);
            assertThat(s.evseId()).isEqualTo(e);
            assertThat(s.phase()).isEqualTo(CabinetPhase.IDLE);
            assertThat(s.powerW()).isZero();
            assertThat(s.fault()).isNull();
        }
        assertThat(cabinet.status()).isNotNull();
        assertThat(cabinet.status().isOnline()).isTrue();
    }

    @Test
    void rejectsEvsesItDoesNotFeed() {
        int unknown = cabinet.evseIds().stream().mapToInt(Integer::intValue).max().orElse(0) + 1000;
        assertThatThrownBy(() -> cabinet.start(unknown, 10_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cabinet.stop(unknown)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cabinet.setLimit(unknown, 10_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cabinet.state(unknown)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startGoesThroughCableCheckAndPreChargeToChargingWithinTheLimit() {
        double limit = Math.min(50_000, cabinet.rating().maxPowerW());
        harness.connectVehicle(evse);
        quickly(() -> cabinet.start(evse, limit));

        awaitPhase(CabinetPhase.CHARGING);
        await().atMost(harness.timeout()).until(() -> latest().powerW() > 0);

        assertThat(phases()).containsSubsequence(CabinetPhase.CABLE_CHECK, CabinetPhase.PRE_CHARGE, CabinetPhase.CHARGING);
        CabinetRating r = cabinet.rating();
        for (CabinetState s : snapshot()) {
            assertThat(s.powerW()).as("power of %s", s).isLessThanOrEqualTo(limit + 1e-6).isLessThanOrEqualTo(r.maxPowerW());
            assertThat(s.currentA()).as("current of %s", s).isLessThanOrEqualTo(r.maxCurrentA() + 1e-6);
            if (s.phase() == CabinetPhase.CHARGING && s.powerW() > 0) {
                assertThat(s.voltageV()).isBetween(r.minVoltageV(), r.maxVoltageV());
                assertThat(s.voltageV() * s.currentA()).isCloseTo(s.powerW(), org.assertj.core.data.Percentage.withPercentage(5));
            }
        }
    }

    @Test
    void reportsMeasurementsAtLeastOnceASecondWhileCharging() {
        harness.connectVehicle(evse);
        cabinet.start(evse, cabinet.rating().maxPowerW());
        awaitPhase(CabinetPhase.CHARGING);
        int from = reports.size();
        await().atMost(harness.timeout()).until(() -> reports.size() >= from + 3);
        List<Long> t;
        synchronized (reportNanos) {
            t = List.copyOf(reportNanos.subList(from - 1, reportNanos.size()));
        }
        for (int i = 1; i < t.size(); i++) {
            assertThat((t.get(i) - t.get(i - 1)) / 1_000_000).as("ms between reports").isLessThanOrEqualTo(1200);
        }
    }

    @Test
    void lowerLimitLowersThePower() {
        harness.connectVehicle(evse);
        cabinet.start(evse, cabinet.rating().maxPowerW());
        awaitPhase(CabinetPhase.CHARGING);
        await().atMost(harness.timeout()).until(() -> latest().powerW() > 2_000);
        double lower = latest().powerW() / 2;

        quickly(() -> cabinet.setLimit(evse, lower));

        await().atMost(harness.timeout()).untilAsserted(() -> {
            assertThat(cabinet.state(evse).powerW()).isLessThanOrEqualTo(lower + 1e-6);
            assertThat(latest().powerW()).isLessThanOrEqualTo(lower + 1e-6);
        });
        assertThat(cabinet.state(evse).limitW()).isEqualTo(lower);
    }

    @Test
    void stopReturnsToIdleFromAnyPhase() {
        quickly(() -> cabinet.stop(evse)); // already idle: no-op
        assertThat(cabinet.state(evse).phase()).isEqualTo(CabinetPhase.IDLE);

        harness.connectVehicle(evse);
        cabinet.start(evse, cabinet.rating().maxPowerW());
        quickly(() -> cabinet.stop(evse)); // early, probably during the cable check
        awaitState(s -> s.phase() == CabinetPhase.IDLE);

        cabinet.start(evse, cabinet.rating().maxPowerW());
        awaitPhase(CabinetPhase.CHARGING);
        quickly(() -> cabinet.stop(evse));
        awaitState(s -> s.phase() == CabinetPhase.IDLE && s.powerW() == 0);
        assertThat(cabinet.state(evse).phase()).isEqualTo(CabinetPhase.IDLE);
    }

    @Test
    void startWithoutVehicleFaultsWithAReason() {
        harness.disconnectVehicle(evse);
        quickly(() -> cabinet.start(evse, 10_000));
        awaitState(s -> s.phase() == CabinetPhase.FAULTED);
        assertThat(cabinet.state(evse).fault()).isNotBlank();
        cabinet.stop(evse);
        awaitState(s -> s.phase() == CabinetPhase.IDLE);
    }

    @Test
    void vehicleLeavingEndsTheSessionWithoutPower() {
        harness.connectVehicle(evse);
        cabinet.start(evse, cabinet.rating().maxPowerW());
        awaitPhase(CabinetPhase.CHARGING);
        harness.disconnectVehicle(evse);
        awaitState(s -> (s.phase() == CabinetPhase.FAULTED && s.fault() != null) || s.phase() == CabinetPhase.IDLE);
        assertThat(cabinet.state(evse).powerW()).isZero();
    }

    @Test
    void listenersAreCalledOnTheDriversThreadOneAtATimeInAValidOrder() {
        harness.connectVehicle(evse);
        cabinet.start(evse, cabinet.rating().maxPowerW());
        awaitPhase(CabinetPhase.CHARGING);
        cabinet.stop(evse);
        awaitState(s -> s.phase() == CabinetPhase.IDLE);

        assertThat(listenerThreads).doesNotContain(Thread.currentThread().getName());
        assertThat(maxConcurrentCalls.get()).isEqualTo(1);
        List<CabinetPhase> p = phases();
        for (int i = 1; i < p.size(); i++) {
            assertThat(ALLOWED.get(p.get(i - 1))).as("transition %s -> %s in %s", p.get(i - 1), p.get(i), p)
                    .contains(p.get(i));
        }
    }

    /** Phase transitions the API allows (FAULTED and IDLE are reachable from anywhere). */
    private static final Map<CabinetPhase, Set<CabinetPhase>> ALLOWED = Map.of(
            CabinetPhase.IDLE, EnumSet.of(CabinetPhase.CABLE_CHECK, CabinetPhase.FAULTED),
            CabinetPhase.CABLE_CHECK, EnumSet.of(CabinetPhase.PRE_CHARGE, CabinetPhase.STOPPING, CabinetPhase.IDLE, CabinetPhase.FAULTED),
            CabinetPhase.PRE_CHARGE, EnumSet.of(CabinetPhase.CHARGING, CabinetPhase.STOPPING, CabinetPhase.IDLE, CabinetPhase.FAULTED),
            CabinetPhase.CHARGING, EnumSet.of(CabinetPhase.STOPPING, CabinetPhase.IDLE, CabinetPhase.FAULTED),
            CabinetPhase.STOPPING, EnumSet.of(CabinetPhase.IDLE, CabinetPhase.FAULTED),
            CabinetPhase.FAULTED, EnumSet.of(CabinetPhase.IDLE, CabinetPhase.CABLE_CHECK));

    // ---- helpers

    private void quickly(Runnable call) {
        long t0 = System.nanoTime();
        call.run();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("call duration, ms").isLessThanOrEqualTo(MAX_CALL_MILLIS);
    }

    private void awaitPhase(CabinetPhase phase) {
        awaitState(s -> s.phase() == phase);
    }

    /** Waits until both the reported and the queried state satisfy {@code condition}. */
    private void awaitState(java.util.function.Predicate<CabinetState> condition) {
        await().atMost(harness.timeout()).until(() -> {
            CabinetState last = latest();
            return last != null && condition.test(last) && condition.test(cabinet.state(evse));
        });
    }

    private CabinetState latest() {
        List<CabinetState> mine = snapshot();
        return mine.isEmpty() ? null : mine.get(mine.size() - 1);
    }

    private List<CabinetState> snapshot() {
        synchronized (reports) {
            return reports.stream().filter(s -> s.evseId() == evse).toList();
        }
    }

    private List<CabinetPhase> phases() {
        List<CabinetPhase> p = new ArrayList<>();
        for (CabinetState s : snapshot()) {
            if (p.isEmpty() || p.get(p.size() - 1) != s.phase()) {
                p.add(s.phase());
            }
        }
        return p;
    }
}
