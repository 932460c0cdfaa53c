package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;

/** Reading the HAL meters safely: the monotonic energy register (J02.FR.16) and unreadable meters. */
class MeterRegistryTest {
    private final MeterRegistry registry = new MeterRegistry();
    private final FakeMeter evse1 = new FakeMeter(1);
    private final LogCapture log = new LogCapture();

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private double energy(int evseId) {
        return registry.read(evseId).orElseThrow().energyImportWh();
    }

    // --- J02.FR.16: the register never goes backwards

    @Test
    void J02_FR_16_aRegisterGoingBackwardsReportsTheLastValueWithOneWarning() {
        registry.addMeter(evse1.reading(5000, 1000, 400, 2.5, 50.0));
        assertThat(energy(1)).isEqualTo(5000);

        evse1.reading(4200, 2000, 410, 5, 51.0);
        MeterReading guarded = registry.read(1).orElseThrow();
        assertThat(guarded.energyImportWh()).as("not the decreasing register").isEqualTo(5000);
        assertThat(guarded.powerW()).as("the rest of the reading passes").isEqualTo(2000);
        assertThat(guarded.voltageV()).isEqualTo(410);
        assertThat(guarded.currentA()).isEqualTo(5);
        assertThat(guarded.stateOfChargePct()).isEqualTo(51.0);

        evse1.reading(4300, 2000, 410, 5, 52.0);
        assertThat(energy(1)).isEqualTo(5000);
        evse1.reading(5000.5, 2000, 410, 5, 52.0);
        assertThat(energy(1)).as("caught up: the meter's own value again").isEqualTo(5000.5);
        evse1.reading(10, 0, 0, 0, null);
        assertThat(energy(1)).isEqualTo(5000.5);

        assertThat(log.at(Level.WARN)).singleElement().asString()
                .contains("EVSE 1", "backwards", "5000.0 Wh", "4200.0 Wh", "J02.FR.16");
    }

    @Test
    void J02_FR_16_anEqualRegisterIsNoStepBackwards() {
        registry.addMeter(evse1.reading(5000, 0, 0, 0, null));
        energy(1);
        energy(1);
        assertThat(energy(1)).isEqualTo(5000);
        assertThat(log.at(Level.WARN)).isEmpty();
    }

    @Test
    void J02_FR_16_aDriverRestartThatLostItsRegisterIsCaughtToo() {
        registry.addMeter(evse1.reading(7000, 0, 0, 0, null));
        energy(1);
        // The driver bundle is updated; the new instance forgot its persisted register (breaks the HAL contract).
        registry.removeMeter(evse1);
        FakeMeter restarted = new FakeMeter(1).reading(0, 0, 0, 0, null);
        registry.addMeter(restarted);

        assertThat(energy(1)).isEqualTo(7000);
        assertThat(log.at(Level.WARN)).hasSize(1);
    }

    @Test
    void eachEvseHasItsOwnRegister() {
        FakeMeter evse2 = new FakeMeter(2).reading(100, 0, 0, 0, null);
        registry.addMeter(evse1.reading(9000, 0, 0, 0, null));
        registry.addMeter(evse2);
        energy(1);
        assertThat(energy(2)).isEqualTo(100);
        evse1.reading(8000, 0, 0, 0, null);
        evse2.reading(150, 0, 0, 0, null);
        assertThat(energy(1)).isEqualTo(9000);
        assertThat(energy(2)).isEqualTo(150);
    }

    @Test
    void aNonFiniteRegisterIsNeitherGuardedNorRemembered() {
        registry.addMeter(evse1.reading(5000, 0, 0, 0, null));
        energy(1);
        evse1.reading(Double.NaN, 0, 0, 0, null);
        assertThat(energy(1)).as("left to the sampler, which leaves it out").isNaN();
        evse1.reading(5001, 0, 0, 0, null);
        assertThat(energy(1)).isEqualTo(5001);
        assertThat(log.at(Level.WARN)).isEmpty();
    }

    @Test
    void concurrentReadersOfARisingRegisterAreNeverMistakenForAStepBackwards() throws Exception {
        AtomicLong register = new AtomicLong();
        EnergyMeter rising = new EnergyMeter() {
            @Override
            public int evseId() {
                return 1;
            }

            @Override
            public MeterReading read() {
                return new MeterReading(Instant.EPOCH, register.incrementAndGet(), 0, 0, 0, null);
            }

            @Override
            public DeviceStatus status() {
                return DeviceStatus.ONLINE;
            }
        };
        registry.addMeter(rising);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> readers = new ArrayList<>();
            Callable<Boolean> reader = () -> {
                double last = 0;
                for (int i = 0; i < 5_000; i++) {
                    double wh = energy(1);
                    if (wh < last) {
                        return false;
                    }
                    last = wh;
                }
                return true;
            };
            for (int i = 0; i < 4; i++) {
                readers.add(pool.submit(reader));
            }
            for (Future<Boolean> r : readers) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.at(Level.WARN)).as("a stale reading must not pass a newer one").isEmpty();
    }

    // --- unreadable meters: a status change, not log noise

    @Test
    void anUnreadableMeterWarnsOnceAndSaysWhenItIsBack() {
        registry.addMeter(evse1);
        evse1.status(DeviceStatus.offline("Modbus timeout"));
        assertThat(registry.read(1)).isEmpty();
        assertThat(registry.read(1)).isEmpty();
        evse1.status(DeviceStatus.ONLINE).failing(new IllegalStateException("CRC error"));
        assertThat(registry.read(1)).isEmpty();
        evse1.failing(null).readingNothing();
        assertThat(registry.read(1)).isEmpty();

        assertThat(log.at(Level.WARN)).singleElement().asString().contains("EVSE 1", "OFFLINE", "Modbus timeout");

        evse1.reading(1, 0, 0, 0, null);
        assertThat(registry.read(1)).isPresent();
        assertThat(log.at(Level.INFO)).singleElement().asString().contains("EVSE 1", "readable again");
        evse1.failing(new IllegalStateException("CRC error"));
        assertThat(registry.read(1)).isEmpty();
        assertThat(log.at(Level.WARN)).hasSize(2).last().asString().contains("CRC error");
    }

    @Test
    void noMeterNoReading() {
        assertThat(registry.read(1)).isEmpty();
        registry.addMeter(evse1);
        assertThat(registry.read(2)).isEmpty();
        assertThat(registry.read(1)).isPresent();
    }

    @Test
    void aMeterThatBlocksIsUnreadableWithinTheTimeoutAndReadableOnceItAnswers() throws Exception {
        MeterRegistry quick = new MeterRegistry(java.time.Duration.ofMillis(200));
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        FakeMeter blocking = new FakeMeter(2);
        quick.addMeter(new EnergyMeter() {
            @Override
            public int evseId() {
                return 2;
            }

            @Override
            public MeterReading read() {
                try {
                    answer.await(); // a driver waiting on its serial line, against the HAL contract
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return blocking.read();
            }

            @Override
            public DeviceStatus status() {
                return DeviceStatus.ONLINE;
            }
        });
        blocking.reading(100, 0, 400, 0, null);
        try {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> assertThat(quick.read(2)).isEmpty());
            assertThat(log.at(Level.WARN)).singleElement().asString().contains("EVSE 2", "no answer within 200 ms");
            answer.countDown();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> quick.read(2).isPresent());
        } finally {
            quick.deactivate();
        }
    }
}
