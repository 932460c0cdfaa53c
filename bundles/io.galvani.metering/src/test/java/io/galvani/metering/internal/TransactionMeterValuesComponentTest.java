package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.metering.api.TransactionSample;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.LocationEnumType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TransactionType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.ocpp.testing.OcppSchemas;

/** The TransactionEvent meter values (J02, E01/E02, E06, F06.FR.07) and their live settings. */
class TransactionMeterValuesComponentTest {
    private static final Instant T = Instant.parse("2026-11-25T10:15:42.250Z");
    private static final MeasurandEnumType ENERGY = MeasurandEnumType.Energy_Active_Import_Register;
    private static final List<MeasurandEnumType> ALL = List.of(ENERGY, MeasurandEnumType.Power_Active_Import,
            MeasurandEnumType.SoC, MeasurandEnumType.Voltage, MeasurandEnumType.Current_Import);
    private static final EnumSet<TransactionSample> SAMPLED = EnumSet.complementOf(
            EnumSet.of(TransactionSample.ENDED_CLOCK));

    private final MeterRegistry registry = new MeterRegistry();
    private final FakeMeter evse1 = new FakeMeter(1).reading(123_456.7, 150_000, 800.5, 187.4, 63.0);
    private TransactionMeterValuesComponent values = configured(Map.of());

    private TransactionMeterValuesComponent configured(Map<String, ?> config) {
        return new TransactionMeterValuesComponent(registry, Configs.of(MeteringConfig.class, config));
    }

    private static List<MeasurandEnumType> measurands(MeterValueType v) {
        return v.sampledValue().stream().map(SampledValueType::measurand).toList();
    }

    /** {@code value} as the transaction bundle sends it, checked against the official schema. */
    private static void assertValidInATransactionEvent(MeterValueType value, TransactionEventEnumType type) {
        OcppSchemas.assertValid(TransactionEventRequest.of(type, T, TriggerReasonEnumType.MeterValuePeriodic, 3,
                TransactionType.of("c0ffee00-0000-4000-8000-000000000001")).withMeterValue(List.of(value)));
    }

    // --- measurands and context per kind, with the defaults (C-40)

    @Test
    void E02_FR_09_startedTakesTxStartedMeasurandsWithContextTransactionBegin() {
        registry.addMeter(evse1);
        MeterValueType v = values.sample(1, TransactionSample.STARTED, T).orElseThrow();
        assertThat(v.timestamp()).isEqualTo(T);
        assertThat(measurands(v)).as("C-40.1").containsExactly(ENERGY);
        assertThat(v.sampledValue()).singleElement().satisfies(s -> {
            assertThat(s.value()).isEqualTo(123_456.7);
            assertThat(s.context()).isEqualTo(ReadingContextEnumType.Transaction_Begin);
            assertThat(s.location()).isEqualTo(LocationEnumType.Outlet);
            assertThat(s.unitOfMeasure().unit()).isEqualTo("Wh");
        });
        assertValidInATransactionEvent(v, TransactionEventEnumType.Started);
    }

    @Test
    void J02_FR_11_updatedTakesTxUpdatedMeasurandsWithContextSamplePeriodic() {
        registry.addMeter(evse1);
        MeterValueType v = values.sample(1, TransactionSample.UPDATED, T).orElseThrow();
        assertThat(measurands(v)).as("C-40.2: every measurand of the DC meter").isEqualTo(ALL);
        assertThat(v.sampledValue()).extracting(SampledValueType::value)
                .containsExactly(123_456.7, 150_000.0, 63.0, 800.5, 187.4);
        assertThat(v.sampledValue()).extracting(s -> s.unitOfMeasure().unit())
                .containsExactly("Wh", "W", "Percent", "V", "A");
        assertThat(v.sampledValue()).extracting(SampledValueType::location).containsExactly(LocationEnumType.Outlet,
                LocationEnumType.Outlet, LocationEnumType.EV, LocationEnumType.Outlet, LocationEnumType.Outlet);
        assertThat(v.sampledValue()).allSatisfy(s -> {
            assertThat(s.context()).isEqualTo(ReadingContextEnumType.Sample_Periodic);
            assertThat(s.phase()).as("DC").isNull();
        });
        assertValidInATransactionEvent(v, TransactionEventEnumType.Updated);
    }

    @Test
    void E06_FR_11_endedTakesTxEndedMeasurandsWithContextTransactionEnd_periodicOnesSamplePeriodic() {
        registry.addMeter(evse1);
        MeterValueType end = values.sample(1, TransactionSample.ENDED, T).orElseThrow();
        MeterValueType periodic = values.sample(1, TransactionSample.ENDED_PERIODIC, T).orElseThrow();
        assertThat(measurands(end)).as("C-40.3").containsExactly(ENERGY);
        assertThat(end.sampledValue()).extracting(SampledValueType::context)
                .containsOnly(ReadingContextEnumType.Transaction_End);
        assertThat(measurands(periodic)).containsExactly(ENERGY);
        assertThat(periodic.sampledValue()).extracting(SampledValueType::context).as("TC_J_10")
                .containsOnly(ReadingContextEnumType.Sample_Periodic);
        assertValidInATransactionEvent(end, TransactionEventEnumType.Ended);
        assertValidInATransactionEvent(periodic, TransactionEventEnumType.Ended);
    }

    @Test
    void endedClockTakesAlignedTxEndedMeasurandsWithContextSampleClock() {
        registry.addMeter(evse1);
        MeterValueType v = values.sample(1, TransactionSample.ENDED_CLOCK, T).orElseThrow();
        assertThat(measurands(v)).as("C-40.5").containsExactly(ENERGY);
        assertThat(v.sampledValue()).extracting(SampledValueType::context).as("TC_J_03")
                .containsOnly(ReadingContextEnumType.Sample_Clock);
        assertValidInATransactionEvent(v, TransactionEventEnumType.Ended);
    }

    @Test
    void F06_FR_07_triggerTakesTxUpdatedMeasurandsWithContextTrigger() {
        registry.addMeter(evse1);
        MeterValueType v = values.sample(1, TransactionSample.TRIGGER, T).orElseThrow();
        assertThat(measurands(v)).isEqualTo(ALL);
        assertThat(v.sampledValue()).extracting(SampledValueType::context).containsOnly(ReadingContextEnumType.Trigger);
        assertValidInATransactionEvent(v, TransactionEventEnumType.Updated);
    }

    @ParameterizedTest
    @EnumSource(TransactionSample.class)
    void everyKindValidatesInATransactionEventWithEveryMeasurandConfigured(TransactionSample kind) {
        String all = String.join(",", Measurands.valuesList());
        values = configured(Map.of("sampledTxStartedMeasurands", all, "sampledTxUpdatedMeasurands", all,
                "sampledTxEndedMeasurands", all, "alignedTxEndedMeasurands", all));
        registry.addMeter(evse1);
        MeterValueType v = values.sample(1, kind, T).orElseThrow();
        assertThat(v.sampledValue()).hasSize(5);
        assertValidInATransactionEvent(v, kind == TransactionSample.STARTED ? TransactionEventEnumType.Started
                : TransactionEventEnumType.Ended);
    }

    @Test
    void theOrderOfTheConfiguredListIsKept() {
        values = configured(Map.of("sampledTxUpdatedMeasurands", "Current.Import,Voltage,Energy.Active.Import.Register"));
        registry.addMeter(evse1);
        assertThat(measurands(values.sample(1, TransactionSample.UPDATED, T).orElseThrow())).containsExactly(
                MeasurandEnumType.Current_Import, MeasurandEnumType.Voltage, ENERGY);
    }

    // --- when there is nothing to report

    @Test
    void sampledDataCtrlrDisabled_noSampledValues_clockAlignedStillThere() {
        values = configured(Map.of("sampledEnabled", false));
        registry.addMeter(evse1);
        for (TransactionSample kind : SAMPLED) {
            assertThat(values.sample(1, kind, T)).as(kind.name()).isEmpty();
        }
        assertThat(values.sample(1, TransactionSample.ENDED_CLOCK, T)).isPresent();
    }

    @Test
    void alignedDataCtrlrDisabled_noClockAlignedValues_sampledStillThere() {
        values = configured(Map.of("alignedEnabled", false));
        registry.addMeter(evse1);
        assertThat(values.sample(1, TransactionSample.ENDED_CLOCK, T)).isEmpty();
        for (TransactionSample kind : SAMPLED) {
            assertThat(values.sample(1, kind, T)).as(kind.name()).isPresent();
        }
    }

    @Test
    void anEmptyMeasurandListMeansNoMeterValue() {
        values = configured(Map.of("sampledTxStartedMeasurands", "", "sampledTxEndedMeasurands", " ",
                "alignedTxEndedMeasurands", ""));
        registry.addMeter(evse1);
        assertThat(values.sample(1, TransactionSample.STARTED, T)).isEmpty();
        assertThat(values.sample(1, TransactionSample.ENDED, T)).isEmpty();
        assertThat(values.sample(1, TransactionSample.ENDED_PERIODIC, T)).isEmpty();
        assertThat(values.sample(1, TransactionSample.ENDED_CLOCK, T)).isEmpty();
        assertThat(values.sample(1, TransactionSample.UPDATED, T)).isPresent();
    }

    @Test
    void socIsLeftOutWhileTheEvDoesNotReportIt_andOnlySocMeansNoMeterValue() {
        registry.addMeter(evse1.reading(1000, 0, 0, 0, null));
        assertThat(measurands(values.sample(1, TransactionSample.UPDATED, T).orElseThrow()))
                .doesNotContain(MeasurandEnumType.SoC).hasSize(4);
        values = configured(Map.of("sampledTxUpdatedMeasurands", "SoC"));
        assertThat(values.sample(1, TransactionSample.UPDATED, T)).as("a MeterValue needs a sampled value").isEmpty();
    }

    @Test
    void noWorkingMeterNoValues() {
        assertThat(values.sample(1, TransactionSample.STARTED, T)).as("no meter").isEmpty();
        assertThat(values.reading(1)).isEmpty();

        registry.addMeter(evse1.status(DeviceStatus.faulted("no communication")));
        assertThat(values.sample(1, TransactionSample.ENDED, T)).as("faulted").isEmpty();
        assertThat(values.reading(1)).isEmpty();

        evse1.status(DeviceStatus.ONLINE).failing(new IllegalStateException("bus error"));
        assertThat(values.sample(1, TransactionSample.ENDED, T)).as("throws").isEmpty();

        evse1.failing(null).readingNothing();
        assertThat(values.sample(1, TransactionSample.ENDED, T)).as("returns null").isEmpty();

        evse1.reading(2000, 0, 0, 0, null);
        assertThat(values.sample(1, TransactionSample.ENDED, T)).as("healed").isPresent();
        assertThat(values.sample(2, TransactionSample.ENDED, T)).as("another EVSE").isEmpty();
    }

    @Test
    void J02_FR_22_noTransactionValuesFromTheMainMeterOrAnUnknownEvse() {
        registry.addMeter(new FakeMeter(0));
        registry.addMeter(evse1);
        assertThat(values.sample(0, TransactionSample.STARTED, T)).isEmpty();
        assertThat(values.sample(-1, TransactionSample.STARTED, T)).isEmpty();
        assertThat(values.reading(0)).as("the main meter can be read").isPresent();
        assertThat(values.reading(-1)).isEmpty();
    }

    @Test
    void kindAndTimestampAreRequired() {
        assertThatNullPointerException().isThrownBy(() -> values.sample(1, null, T));
        assertThatNullPointerException().isThrownBy(() -> values.sample(1, TransactionSample.STARTED, null));
    }

    // --- reading, register and intervals

    @Test
    void readingIsTheMetersReadingWhileItIsOnline() {
        registry.addMeter(evse1);
        assertThat(values.reading(1)).hasValueSatisfying(r -> {
            assertThat(r.energyImportWh()).isEqualTo(123_456.7);
            assertThat(r.powerW()).isEqualTo(150_000);
        });
        evse1.status(DeviceStatus.offline("unplugged RS-485"));
        assertThat(values.reading(1)).isEmpty();
    }

    @Test
    void J02_FR_16_theRegisterNeverGoesBackwards_alsoNotBetweenMeterValuesAndTransactionEvents() {
        VirtualTime time = new VirtualTime(Instant.parse("2026-11-25T10:14:00Z"));
        RecordingLink link = new RecordingLink();
        MeteringComponent metering = new MeteringComponent(link, time, registry,
                Configs.defaults(MeteringConfig.class), time.scheduler());
        try {
            registry.addMeter(evse1.reading(5000, 0, 0, 0, null));
            assertThat(values.sample(1, TransactionSample.STARTED, T).orElseThrow().sampledValue().get(0).value())
                    .isEqualTo(5000);
            evse1.reading(4000, 0, 0, 0, null);
            time.advanceTo(Instant.parse("2026-11-25T10:15:00Z"));
            MeterValuesRequest aligned = link.meterValues().get(0);
            assertThat(aligned.meterValue().get(0).sampledValue().get(0).value()).isEqualTo(5000);
            assertThat(values.sample(1, TransactionSample.ENDED, T).orElseThrow().sampledValue().get(0).value())
                    .isEqualTo(5000);
            assertThat(values.reading(1).orElseThrow().energyImportWh()).isEqualTo(5000);
        } finally {
            metering.deactivate();
        }
    }

    @Test
    void intervalsAreTheConfiguredOnes() {
        values = configured(Map.of("sampledTxUpdatedIntervalSeconds", 30, "sampledTxEndedIntervalSeconds", 120,
                "alignedTxEndedIntervalSeconds", 900));
        assertThat(values.txUpdatedInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(values.txEndedInterval()).isEqualTo(Duration.ofSeconds(120));
        assertThat(values.alignedTxEndedInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void defaultIntervals() {
        assertThat(values.txUpdatedInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(values.txEndedInterval()).as("recommended 0").isZero();
        assertThat(values.alignedTxEndedInterval()).isZero();
    }

    @Test
    void setVariablesChangesIntervalsAndMeasurandsAtOnce() {
        registry.addMeter(evse1);
        // What the device model writes for SetVariables: typed properties of our PID.
        values.modified(Configs.of(MeteringConfig.class, Map.of("sampledTxUpdatedIntervalSeconds", 15,
                "sampledTxUpdatedMeasurands", "Voltage", "alignedTxEndedIntervalSeconds", 300)));
        assertThat(values.txUpdatedInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(values.alignedTxEndedInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(measurands(values.sample(1, TransactionSample.UPDATED, T).orElseThrow()))
                .containsExactly(MeasurandEnumType.Voltage);

        values.modified(Configs.of(MeteringConfig.class, Map.of("sampledTxUpdatedIntervalSeconds", 0)));
        assertThat(values.txUpdatedInterval()).as("0 = no periodic Updated values").isZero();
    }

    @Test
    void aDisabledControllerHasNoIntervals() {
        values = configured(Map.of("sampledEnabled", false, "alignedEnabled", false,
                "sampledTxUpdatedIntervalSeconds", 30, "sampledTxEndedIntervalSeconds", 30,
                "alignedTxEndedIntervalSeconds", 900));
        assertThat(values.txUpdatedInterval()).isZero();
        assertThat(values.txEndedInterval()).isZero();
        assertThat(values.alignedTxEndedInterval()).isZero();

        values.modified(Configs.of(MeteringConfig.class, Map.of("sampledTxUpdatedIntervalSeconds", 30,
                "alignedTxEndedIntervalSeconds", 900)));
        assertThat(values.txUpdatedInterval()).as("enabled again").isEqualTo(Duration.ofSeconds(30));
        assertThat(values.alignedTxEndedInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aHandEditedNegativeIntervalCountsAsZero() {
        values = configured(Map.of("sampledTxUpdatedIntervalSeconds", -5, "alignedTxEndedIntervalSeconds", -1));
        assertThat(values.txUpdatedInterval()).isZero();
        assertThat(values.alignedTxEndedInterval()).isZero();
    }
}
