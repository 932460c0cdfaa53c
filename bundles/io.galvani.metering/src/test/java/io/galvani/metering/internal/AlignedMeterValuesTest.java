package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.types.LocationEnumType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.station.api.TransactionControl;

/**
 * J01 clock-aligned meter values through {@link MeteringComponent}, on virtual time: the scheduler runs
 * only when the test advances time, and the station clock moves with it.
 */
class AlignedMeterValuesTest {
    private static final Instant START = Instant.parse("2026-11-25T10:07:30Z");

    private final VirtualTime time = new VirtualTime(START);
    private final RecordingLink link = new RecordingLink();
    private final FakeMeter evse1 = new FakeMeter(1);
    private final FakeMeter evse2 = new FakeMeter(2);
    private final MeterRegistry registry = new MeterRegistry();
    private MeteringComponent metering;

    @AfterEach
    void stop() {
        if (metering != null) {
            metering.deactivate();
        }
    }

    // --- given / when / then helpers

    private void givenMetering(Map<String, ?> config, FakeMeter... meters) {
        metering = new MeteringComponent(link, time, registry, Configs.of(MeteringConfig.class, config),
                time.scheduler());
        for (FakeMeter m : meters) {
            registry.addMeter(m);
        }
        time.runDue();
    }

    private void whenTheClockReaches(String t) {
        time.advanceTo(Instant.parse(t));
    }

    private void whenConfigured(Map<String, ?> config) {
        metering.modified(Configs.of(MeteringConfig.class, config));
        time.runDue();
    }

    private List<Instant> sentTimestamps() {
        return link.meterValues().stream().map(r -> r.meterValue().get(0).timestamp()).toList();
    }

    private static List<MeasurandEnumType> measurands(MeterValuesRequest r) {
        return r.meterValue().get(0).sampledValue().stream().map(SampledValueType::measurand).toList();
    }

    // --- J01

    @Test
    void J01_firstSampleAtTheNextQuarterHourThenEveryInterval() {
        givenMetering(Map.of(), evse1, evse2);

        whenTheClockReaches("2026-11-25T10:14:59.999Z");
        assertThat(link.calls).as("nothing before the first boundary").isEmpty();

        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(1, 2);
        assertThat(sentTimestamps()).containsOnly(Instant.parse("2026-11-25T10:15:00Z"));

        whenTheClockReaches("2026-11-25T11:00:00Z");
        assertThat(sentTimestamps()).containsExactly(
                Instant.parse("2026-11-25T10:15:00Z"), Instant.parse("2026-11-25T10:15:00Z"),
                Instant.parse("2026-11-25T10:30:00Z"), Instant.parse("2026-11-25T10:30:00Z"),
                Instant.parse("2026-11-25T10:45:00Z"), Instant.parse("2026-11-25T10:45:00Z"),
                Instant.parse("2026-11-25T11:00:00Z"), Instant.parse("2026-11-25T11:00:00Z"));
    }

    @Test
    void J01_FR_14_sampleClockWithTheConfiguredMeasurandsUnitsAndLocation() {
        givenMetering(Map.of("alignedMeasurands", "Energy.Active.Import.Register,Power.Active.Import"),
                evse1.reading(200_000.25, 120_000, 750, 160, 55.5));
        whenTheClockReaches("2026-11-25T10:15:00Z");

        MeterValuesRequest request = link.meterValues().get(0);
        assertThat(request.evseId()).isEqualTo(1);
        assertThat(request.meterValue()).hasSize(1);
        MeterValueType value = request.meterValue().get(0);
        assertThat(value.sampledValue()).extracting(SampledValueType::measurand).containsExactly(MeasurandEnumType.Energy_Active_Import_Register, MeasurandEnumType.Power_Active_Import);
        assertThat(value.sampledValue()).extracting(SampledValueType::value).containsExactly(200_000.25, 120_000.0);
        assertThat(value.sampledValue()).extracting(v -> v.unitOfMeasure().unit()).containsExactly("Wh", "W");
        assertThat(value.sampledValue()).allSatisfy(v -> {
            assertThat(v.context()).isEqualTo(ReadingContextEnumType.Sample_Clock);
            assertThat(v.location()).isEqualTo(LocationEnumType.Outlet);
        });
        OcppSchemas.assertValid(request);
    }

    @Test
    void C_40_4_byDefaultTheEnergyRegisterOnly() {
        givenMetering(Map.of(), evse1);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(measurands(link.meterValues().get(0))).containsExactly(
                MeasurandEnumType.Energy_Active_Import_Register);
    }

    @Test
    void J01_FR_14_mainMeterIsReportedAsEvseZero() {
        givenMetering(Map.of("alignedMeasurands", "Energy.Active.Import.Register,Voltage,SoC"), evse1, new FakeMeter(0));
        whenTheClockReaches("2026-11-25T10:15:00Z");

        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(0, 1);
        MeterValuesRequest main = link.meterValues().get(0);
        assertThat(measurands(main)).containsExactly(MeasurandEnumType.Energy_Active_Import_Register,
                MeasurandEnumType.Voltage);
        assertThat(main.meterValue().get(0).sampledValue()).extracting(SampledValueType::location)
                .containsOnly(LocationEnumType.Inlet);
        link.meterValues().forEach(OcppSchemas::assertValid);
    }

    @Test
    void socIsLeftOutWhileNoEvReportsIt() {
        givenMetering(Map.of("alignedMeasurands", "Energy.Active.Import.Register,SoC"),
                evse1.reading(1000, 0, 0, 0, null), evse2.reading(2000, 10, 400, 0.025, 80.0));
        whenTheClockReaches("2026-11-25T10:15:00Z");

        assertThat(measurands(link.meterValues().get(0))).containsExactly(MeasurandEnumType.Energy_Active_Import_Register);
        assertThat(measurands(link.meterValues().get(1))).containsExactly(MeasurandEnumType.Energy_Active_Import_Register,
                MeasurandEnumType.SoC);
    }

    @Test
    void anEvseWithNoneOfTheMeasurandsSendsNothingRatherThanAnInvalidRequest() {
        givenMetering(Map.of("alignedMeasurands", "SoC"), evse1.reading(1000, 0, 0, 0, null), evse2);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(2);
    }

    @Test
    void J01_liveIntervalChangeReplansFromTheNextBoundaryOfTheNewInterval() {
        givenMetering(Map.of(), evse1);
        whenTheClockReaches("2026-11-25T10:16:00Z");
        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:15:00Z"));

        whenConfigured(Map.of("alignedIntervalSeconds", 300));
        assertThat(metering.settings().alignedIntervalSeconds()).isEqualTo(300);
        whenTheClockReaches("2026-11-25T10:31:00Z");

        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:15:00Z"),
                Instant.parse("2026-11-25T10:20:00Z"), Instant.parse("2026-11-25T10:25:00Z"),
                Instant.parse("2026-11-25T10:30:00Z"));

        whenConfigured(Map.of("alignedIntervalSeconds", 3600));
        whenTheClockReaches("2026-11-25T12:00:00Z");
        assertThat(sentTimestamps()).endsWith(Instant.parse("2026-11-25T10:30:00Z"),
                Instant.parse("2026-11-25T11:00:00Z"), Instant.parse("2026-11-25T12:00:00Z"));
    }

    @Test
    void J01_intervalZeroSendsNothingAndAPositiveIntervalResumes() {
        givenMetering(Map.of("alignedIntervalSeconds", 0), evse1);
        whenTheClockReaches("2026-11-25T12:00:00Z");
        assertThat(link.calls).isEmpty();
        assertThat(time.pending()).as("no timer while off").isZero();

        whenConfigured(Map.of("alignedIntervalSeconds", 60));
        whenTheClockReaches("2026-11-25T12:02:00Z");
        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T12:01:00Z"),
                Instant.parse("2026-11-25T12:02:00Z"));

        whenConfigured(Map.of("alignedIntervalSeconds", 0));
        whenTheClockReaches("2026-11-25T13:00:00Z");
        assertThat(sentTimestamps()).hasSize(2);
        assertThat(time.pending()).isZero();
    }

    @Test
    void alignedDataCtrlrDisabledSendsNothing() {
        givenMetering(Map.of("alignedEnabled", false), evse1);
        whenTheClockReaches("2026-11-25T12:00:00Z");
        assertThat(link.calls).isEmpty();

        whenConfigured(Map.of("alignedEnabled", true));
        whenTheClockReaches("2026-11-25T12:15:00Z");
        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T12:15:00Z"));
    }

    @Test
    void measurandChangeAppliesFromTheNextBoundaryWithoutMovingIt() {
        givenMetering(Map.of(), evse1);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        whenConfigured(Map.of("alignedMeasurands", "Voltage,Current.Import"));
        whenTheClockReaches("2026-11-25T10:30:00Z");

        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:15:00Z"),
                Instant.parse("2026-11-25T10:30:00Z"));
        assertThat(measurands(link.meterValues().get(1))).containsExactly(MeasurandEnumType.Voltage,
                MeasurandEnumType.Current_Import);
    }

    @Test
    void emptyMeasurandsSendNothing() {
        givenMetering(Map.of("alignedMeasurands", ""), evse1);
        whenTheClockReaches("2026-11-25T11:00:00Z");
        assertThat(link.calls).isEmpty();
    }

    // --- failing meters and links

    @Test
    void aMeterThatFailsIsSkippedAndNeverKillsTheTimer() {
        givenMetering(Map.of(), evse1.failing(new IllegalStateException("bus error")), evse2);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(2);

        evse2.status(DeviceStatus.offline("no Modbus answer"));
        whenTheClockReaches("2026-11-25T10:30:00Z");
        assertThat(link.meterValues()).hasSize(1);
        assertThat(evse2.reads).as("an offline meter is not read").isEqualTo(1);

        evse1.failing(null);
        evse2.status(DeviceStatus.ONLINE);
        whenTheClockReaches("2026-11-25T10:45:00Z");
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(2, 1, 2);
    }

    @Test
    void aMeterReturningNoReadingIsSkipped() {
        givenMetering(Map.of(), evse1.readingNothing(), evse2);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(2);
    }

    @Test
    void undeliveredMeterValuesDoNotStopTheNextOnes() {
        givenMetering(Map.of(), evse1);
        link.failCalls = true;
        whenTheClockReaches("2026-11-25T10:15:00Z");
        link.failCalls = false;
        whenTheClockReaches("2026-11-25T10:30:00Z");
        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:15:00Z"),
                Instant.parse("2026-11-25T10:30:00Z"));
    }

    @Test
    void metersThatComeAndGoAreSampledWhileBound() {
        givenMetering(Map.of(), evse1);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        registry.addMeter(evse2);
        whenTheClockReaches("2026-11-25T10:30:00Z");
        registry.removeMeter(evse1);
        whenTheClockReaches("2026-11-25T10:45:00Z");
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(1, 1, 2, 2);
    }

    @Test
    void withoutMetersNothingIsSentAndTheTimerRuns() {
        givenMetering(Map.of());
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.calls).isEmpty();
        registry.addMeter(evse1);
        whenTheClockReaches("2026-11-25T10:30:00Z");
        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:30:00Z"));
    }

    // --- SendDuringIdle (J01.FR.19/20)

    @Test
    void J01_FR_20_sendDuringIdleStopsAllClockAlignedValuesWhileAnyTransactionRuns() {
        FakeTransactions tx = new FakeTransactions();
        givenMetering(Map.of("alignedSendDuringIdle", true), evse1, evse2, new FakeMeter(0));
        metering.transactions = tx;

        tx.runningOn = 2;
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.calls).as("not for EVSE 1 nor the main meter either").isEmpty();

        tx.runningOn = 0;
        whenTheClockReaches("2026-11-25T10:30:00Z");
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(0, 1, 2);
        assertThat(sentTimestamps()).containsOnly(Instant.parse("2026-11-25T10:30:00Z"));
    }

    @Test
    void J01_FR_22_withoutSendDuringIdleClockAlignedValuesContinueDuringATransaction() {
        FakeTransactions tx = new FakeTransactions();
        tx.runningOn = 1;
        givenMetering(Map.of(), evse1);
        metering.transactions = tx;
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.meterValues()).hasSize(1);
    }

    @Test
    void sendDuringIdleWithoutTransactionServiceMeansIdle() {
        givenMetering(Map.of("alignedSendDuringIdle", true), evse1);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.meterValues()).hasSize(1);
    }

    @Test
    void sendDuringIdleChangesLive() {
        FakeTransactions tx = new FakeTransactions();
        tx.runningOn = 1;
        givenMetering(Map.of(), evse1);
        metering.transactions = tx;
        whenConfigured(Map.of("alignedSendDuringIdle", true));
        whenTheClockReaches("2026-11-25T10:15:00Z");
        assertThat(link.calls).isEmpty();
        whenConfigured(Map.of("alignedSendDuringIdle", false));
        whenTheClockReaches("2026-11-25T10:30:00Z");
        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:30:00Z"));
    }

    // --- the station clock moves

    @Test
    void aClockAdjustmentMovesTheNextSampleToTheNewWallClockBoundary() {
        givenMetering(Map.of(), evse1);
        // At 10:08 the CSMS says it is 10:12: the 10:15 boundary is 3 minutes away, not 7.
        whenTheClockReaches("2026-11-25T10:08:00Z");
        time.adjustTo(Instant.parse("2026-11-25T10:12:00Z"));
        time.advance(Duration.ofMinutes(3).plus(AlignedMeterValues.MAX_SLEEP));

        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:15:00Z"));
    }

    @Test
    void aBoundaryTheClockJumpedOverIsSkippedNotMisstamped() {
        givenMetering(Map.of(), evse1);
        whenTheClockReaches("2026-11-25T10:14:00Z");
        time.adjustTo(Instant.parse("2026-11-25T10:20:00Z"));
        whenTheClockReaches("2026-11-25T10:30:00Z");

        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:30:00Z"));
    }

    @Test
    void aClockSetBackDoesNotSendABoundaryTwice() {
        givenMetering(Map.of(), evse1);
        whenTheClockReaches("2026-11-25T10:15:00Z");
        time.adjustTo(Instant.parse("2026-11-25T10:14:00Z"));
        time.advance(Duration.ofMinutes(17));

        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-25T10:15:00Z"),
                Instant.parse("2026-11-25T10:30:00Z"));
    }

    @Test
    void waitsAtMostAMinuteBetweenLooksAtTheClock() {
        givenMetering(Map.of("alignedIntervalSeconds", 86_400), evse1);
        assertThat(time.pending()).isEqualTo(1);
        time.advance(AlignedMeterValues.MAX_SLEEP);
        assertThat(time.pending()).as("woke up, looked, sleeps again").isEqualTo(1);
        whenTheClockReaches("2026-11-26T00:00:00Z");
        assertThat(sentTimestamps()).containsExactly(Instant.parse("2026-11-26T00:00:00Z"));
    }

    // --- lifecycle

    @Test
    void deactivateStopsTheTimer() {
        givenMetering(Map.of(), evse1);
        metering.deactivate();
        metering.modified(Configs.of(MeteringConfig.class, Map.of("alignedIntervalSeconds", 60)));
        whenTheClockReaches("2026-11-25T12:00:00Z");
        assertThat(link.calls).isEmpty();
        assertThat(time.scheduler().isShutdown()).isTrue();
        assertThat(time.pending()).isZero();
        metering = null;
    }

    /** A TransactionControl that says a transaction runs on {@link #runningOn} (0 = none). */
    static final class FakeTransactions implements TransactionControl {
        volatile int runningOn;

        @Override
        public boolean active(int evseId) {
            return runningOn != 0 && (evseId == 0 || evseId == runningOn);
        }

        @Override
        public CompletionStage<Void> idle(int evseId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> endForImmediateReset(int evseId) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
