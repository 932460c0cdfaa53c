package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.types.MeasurandEnumType;

/** SetVariables reaches the component as a configuration change and applies at once. */
class MeteringComponentTest {
    private final VirtualTime time = new VirtualTime(Instant.parse("2026-11-25T10:07:30Z"));
    private final RecordingLink link = new RecordingLink();
    private final MeterRegistry meters = new MeterRegistry();

    @Test
    void defaultsAreInForceWithoutConfiguration() {
        MeteringComponent metering = new MeteringComponent(link, time, meters, Configs.defaults(MeteringConfig.class),
                time.scheduler());
        MeteringSettings s = metering.settings();
        assertThat(s.sampledEnabled()).isTrue();
        assertThat(s.txStartedMeasurands()).containsExactly(MeasurandEnumType.Energy_Active_Import_Register);
        assertThat(s.txUpdatedMeasurands()).as("C-40.2").containsExactly(
                MeasurandEnumType.Energy_Active_Import_Register, MeasurandEnumType.Power_Active_Import,
                MeasurandEnumType.SoC, MeasurandEnumType.Voltage, MeasurandEnumType.Current_Import);
        assertThat(s.txUpdatedIntervalSeconds()).isEqualTo(60);
        assertThat(s.txEndedMeasurands()).containsExactly(MeasurandEnumType.Energy_Active_Import_Register);
        assertThat(s.txEndedIntervalSeconds()).isZero();
        assertThat(s.alignedActive()).isTrue();
        assertThat(s.alignedIntervalSeconds()).isEqualTo(900);
        assertThat(s.alignedMeasurands()).as("C-40.4").containsExactly(
                MeasurandEnumType.Energy_Active_Import_Register);
        assertThat(s.alignedTxEndedMeasurands()).as("C-40.5").containsExactly(
                MeasurandEnumType.Energy_Active_Import_Register);
        assertThat(s.sendDuringIdle()).isFalse();
        metering.deactivate();
    }

    @Test
    void sampledDataChangesApplyLive_TxUpdatedIntervalIncluded() {
        MeteringComponent metering = new MeteringComponent(link, time, meters, Configs.defaults(MeteringConfig.class),
                time.scheduler());

        // What the device model writes for SetVariables: typed properties of our PID.
        metering.modified(Configs.of(MeteringConfig.class, Map.of("sampledTxUpdatedIntervalSeconds", 15,
                "sampledTxUpdatedMeasurands", "Current.Import,Voltage", "sampledTxEndedIntervalSeconds", 30,
                "sampledEnabled", false, "alignedTxEndedMeasurands", "", "alignedTxEndedIntervalSeconds", 900)));

        MeteringSettings s = metering.settings();
        assertThat(s.txUpdatedIntervalSeconds()).isEqualTo(15);
        assertThat(s.txUpdatedMeasurands()).isEqualTo(List.of(MeasurandEnumType.Current_Import, MeasurandEnumType.Voltage));
        assertThat(s.txEndedIntervalSeconds()).isEqualTo(30);
        assertThat(s.sampledEnabled()).isFalse();
        assertThat(s.alignedTxEndedMeasurands()).isEmpty();
        assertThat(s.alignedTxEndedIntervalSeconds()).isEqualTo(900);
        metering.deactivate();
    }

    @Test
    void aHandEditedNegativeIntervalCountsAsZero() {
        MeteringComponent metering = new MeteringComponent(link, time, meters,
                Configs.of(MeteringConfig.class,
                        Map.of("alignedIntervalSeconds", -5, "sampledTxUpdatedIntervalSeconds", -1)),
                time.scheduler());
        time.runDue();
        assertThat(metering.settings().alignedActive()).isFalse();
        assertThat(metering.settings().txUpdatedIntervalSeconds()).isZero();
        assertThat(time.pending()).isZero();
        metering.deactivate();
    }

    @Test
    void deactivateLeavesNoTaskBehind() {
        MeteringComponent metering = new MeteringComponent(link, time, meters, Configs.defaults(MeteringConfig.class),
                time.scheduler());
        time.runDue();
        assertThat(time.pending()).isEqualTo(1);
        metering.deactivate();
        assertThat(time.pending()).isZero();
        assertThat(time.scheduler().isShutdown()).isTrue();
    }

    @Test
    void theRealSchedulerIsADaemonThreadThatStopsOnDeactivate() throws Exception {
        MeteringComponent metering = new MeteringComponent(link, time, meters, Configs.defaults(MeteringConfig.class));
        // One task through the scheduler proves it runs; then deactivation must end the thread.
        metering.modified(Configs.defaults(MeteringConfig.class));
        Thread worker = awaitThread("galvani-metering");
        assertThat(worker.isDaemon()).isTrue();
        metering.deactivate();
        worker.join(5_000);
        assertThat(worker.isAlive()).isFalse();
    }

    private static Thread awaitThread(String name) {
        org.awaitility.Awaitility.await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name)));
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow();
    }
}
