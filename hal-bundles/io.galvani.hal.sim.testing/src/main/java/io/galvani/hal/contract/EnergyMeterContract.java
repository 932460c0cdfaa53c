package io.galvani.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;

/**
 * The behavioural contract of {@link EnergyMeter} (see its Javadoc and the io.galvani.hal.api
 * package Javadoc), as a test any meter driver runs: extend this class and implement
 * {@link #createHarness()} for your driver and test bench.
 */
public abstract class EnergyMeterContract {

    /** What the contract needs from the driver's test set-up. */
    public interface Harness extends AutoCloseable {
        /** The meter under test, activated. */
        EnergyMeter meter();

        /** Makes energy flow through the meter (a few kW or more) until {@link #stopEnergyFlow()}. */
        void startEnergyFlow();

        void stopEnergyFlow();

        /**
         * Deactivates the driver and activates it again with the same configuration and storage
         * (a bundle restart or a reboot); {@link #meter()} then returns the new instance.
         */
        void restart();

        default Duration timeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        void close();
    }

    protected static final long MAX_CALL_MILLIS = 50;

    protected abstract Harness createHarness() throws Exception;

    private Harness harness;

    @BeforeEach
    void setUpHarness() throws Exception {
        harness = createHarness();
    }

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void readsAreCompleteAndFast() {
        EnergyMeter meter = harness.meter();
        assertThat(meter.evseId()).isGreaterThanOrEqualTo(0);
        assertThat(meter.status()).isNotNull();
        long t0 = System.nanoTime();
        MeterReading r = meter.read();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("read() ms").isLessThanOrEqualTo(MAX_CALL_MILLIS);
        assertThat(r).isNotNull();
        assertThat(r.timestamp()).isNotNull();
        assertThat(r.energyImportWh()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void registerGrowsWhileEnergyFlowsAndNeverDecreases() {
        EnergyMeter meter = harness.meter();
        List<Double> samples = new ArrayList<>();
        double start = meter.read().energyImportWh();
        harness.startEnergyFlow();
        await().atMost(harness.timeout()).pollInterval(Duration.ofMillis(20)).until(() -> {
            MeterReading r = meter.read();
            samples.add(r.energyImportWh());
            return r.energyImportWh() > start && r.powerW() > 0;
        });
        harness.stopEnergyFlow();
        for (int i = 0; i < 10; i++) {
            samples.add(meter.read().energyImportWh());
        }
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i)).as("sample %d of %s", i, samples).isGreaterThanOrEqualTo(samples.get(i - 1));
        }
    }

    @Test
    void registerSurvivesARestart() {
        harness.startEnergyFlow();
        await().atMost(harness.timeout()).until(() -> harness.meter().read().energyImportWh() > 0);
        harness.stopEnergyFlow();
        double before = harness.meter().read().energyImportWh();

        harness.restart();

        assertThat(harness.meter().read().energyImportWh()).isGreaterThanOrEqualTo(before);
    }
}
