package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.outbox.api.MessageKind;

/** Meter values in TransactionEvents (J02, E06.FR.11–13). */
class TransactionMeterValuesTest extends SessionTestBase {

    @Test
    void J02_FR_11_periodicUpdatedEveryTxUpdatedInterval_droppable() {
        fx.txUpdatedInterval = Duration.ofSeconds(60);
        chargingWithCardFirst();
        Instant started = fx.now();
        int count = events().size();
        for (int i = 0; i < 3; i++) {
            delivered(2);
            advance(Duration.ofSeconds(60));
        }
        List<FakeEffects.Emitted> periodic = fx.emitted.subList(count, fx.emitted.size());
        assertThat(periodic).hasSize(3);
        assertThat(periodic).allSatisfy(p -> {
            assertThat(p.event().triggerReason()).isEqualTo(TriggerReasonEnumType.MeterValuePeriodic);
            assertThat(p.event().eventType()).isEqualTo(TransactionEventEnumType.Updated);
            assertThat(p.kind()).as("J02.FR.12: may be thinned when the store is full").isEqualTo(MessageKind.DROPPABLE);
            assertThat(p.event().meterValue()).singleElement().satisfies(mv -> assertThat(mv.sampledValue().get(0)
                    .context()).isEqualTo(ReadingContextEnumType.Sample_Periodic));
            assertThat(p.event().transactionInfo().chargingState()).as("unchanged").isNull();
        });
        assertThat(periodic).extracting(p -> p.event().timestamp()).containsExactly(started.plusSeconds(60),
                started.plusSeconds(120), started.plusSeconds(180));
        assertThat(periodic).extracting(p -> p.event().meterValue().get(0).sampledValue().get(0).value())
                .containsExactly(12_000.0, 14_000.0, 16_000.0);
        assertThat(periodic.get(2).event().transactionInfo().timeSpentCharging()).isEqualTo(180);

        present(CARD);
        int afterEnd = events().size();
        advance(Duration.ofMinutes(5));
        assertThat(events()).as("no periodic events after Ended").hasSize(afterEnd);
    }

    @Test
    void noPeriodicUpdatedWhenTxUpdatedIntervalIsZero() {
        chargingWithCardFirst();
        int count = events().size();
        advance(Duration.ofHours(1));
        assertThat(events()).hasSize(count);
    }

    @Test
    void E06_FR_11_endedCarriesStartPeriodicAndEndValues() {
        fx.txEndedInterval = Duration.ofSeconds(60);
        chargingWithCardFirst();
        Instant started = fx.now();
        for (int i = 0; i < 5; i++) {
            delivered(2.5);
            advance(Duration.ofSeconds(60));
        }
        assertThat(fx.persists).as("each sample is stored with the record").isEqualTo(5);
        TransactionRecord stored = fx.storedRecord(1).orElseThrow();
        assertThat(stored.endedMeterValues).hasSize(6);
        assertThat(stored.lastEnergyWh).isEqualTo(22_500.0);

        present(CARD);
        List<MeterValueType> values = lastEvent().meterValue();
        assertThat(values).extracting(mv -> mv.sampledValue().get(0).context()).containsExactly(
                ReadingContextEnumType.Transaction_Begin, ReadingContextEnumType.Sample_Periodic,
                ReadingContextEnumType.Sample_Periodic, ReadingContextEnumType.Sample_Periodic,
                ReadingContextEnumType.Sample_Periodic, ReadingContextEnumType.Sample_Periodic,
                ReadingContextEnumType.Transaction_End);
        assertThat(values.get(0).timestamp()).isEqualTo(started);
        assertThat(values.get(0).sampledValue().get(0).value()).isEqualTo(10_000.0);
        assertThat(values.get(6).sampledValue().get(0).value()).isEqualTo(22_500.0);
    }

    @Test
    void J01_clockAlignedSamplesForTheEndedEvent() {
        fx.alignedTxEndedInterval = Duration.ofMinutes(15);
        chargingWithCardFirst(); // 10:00:00.250
        advance(Duration.ofMinutes(31));
        present(CARD);
        List<MeterValueType> values = lastEvent().meterValue();
        assertThat(values).extracting(mv -> mv.sampledValue().get(0).context()).containsExactly(
                ReadingContextEnumType.Transaction_Begin, ReadingContextEnumType.Sample_Clock,
                ReadingContextEnumType.Sample_Clock, ReadingContextEnumType.Transaction_End);
        assertThat(values).extracting(MeterValueType::timestamp).contains(Instant.parse("2025-03-01T10:15:00Z"),
                Instant.parse("2025-03-01T10:30:00Z"));
    }

    @Test
    void E06_FR_13_aLongTransactionKeepsItsFirstAndLatestValues() {
        fx.txEndedInterval = Duration.ofSeconds(10);
        chargingWithCardFirst();
        Instant started = fx.now();
        for (int i = 0; i < 130; i++) {
            delivered(0.1);
            advance(Duration.ofSeconds(10));
        }
        present(CARD);
        List<MeterValueType> values = lastEvent().meterValue();
        assertThat(values.size()).isLessThanOrEqualTo(EvseSession.MAX_ENDED_VALUES + 1);
        assertThat(values.get(0).sampledValue().get(0).context()).isEqualTo(ReadingContextEnumType.Transaction_Begin);
        assertThat(values.get(0).timestamp()).isEqualTo(started);
        assertThat(values.get(values.size() - 1).sampledValue().get(0).context())
                .isEqualTo(ReadingContextEnumType.Transaction_End);
        assertThat(values.get(values.size() - 2).timestamp()).as("the latest periodic sample")
                .isEqualTo(started.plusSeconds(1300));
        assertThat(values).extracting(MeterValueType::timestamp).isSorted();
    }

    @Test
    void E06_FR_13_thinningDropsTheFirstThirdFifthIntermediateValues() {
        List<MeterValueType> values = new ArrayList<>();
        Instant t = Instant.parse("2025-03-01T00:00:00Z");
        for (int i = 0; i <= EvseSession.MAX_ENDED_VALUES; i++) {
            values.add(MeterValueType.of(t.plusSeconds(i), List.of(SampledValueType.of((double) i))));
        }
        EvseSession.thin(values);
        assertThat(values).hasSize(EvseSession.MAX_ENDED_VALUES / 2 + 1);
        assertThat(values).extracting(v -> v.sampledValue().get(0).value()).startsWith(0.0, 2.0, 4.0)
                .endsWith(118.0, 120.0);

        List<MeterValueType> few = new ArrayList<>(values.subList(0, 3));
        EvseSession.thin(few);
        assertThat(few).hasSize(3);
    }

    @Test
    void withoutAWorkingMeterEventsCarryNoMeterValues() {
        fx.meterWorks = false;
        fx.txEndedInterval = Duration.ofSeconds(60);
        chargingWithCardFirst();
        advance(Duration.ofMinutes(2));
        present(CARD);
        assertThat(events()).extracting(TransactionEventRequest::meterValue).containsOnlyNulls();
        assertThat(fx.view().energyWh()).isNull();
    }

    @Test
    void theViewShowsEnergyPowerAndStateOfCharge() {
        fx.socPct = 42.0;
        chargingWithCardFirst();
        delivered(7.5);
        charging(150);
        assertThat(fx.view().energyWh()).isEqualTo(7_500.0);
        assertThat(fx.view().powerW()).isEqualTo(150_000.0);
        assertThat(fx.view().stateOfChargePct()).isEqualTo(42.0);
        assertThat(fx.view().chargingState()).isEqualTo("Charging");
        assertThat(fx.view().startedAt()).isEqualTo(event(0).timestamp());
    }
}
