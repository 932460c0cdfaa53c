package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;


import io.galvani.hal.api.CabinetPhase;
import io.galvani.metering.api.TransactionSample;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.ocpp.testing.OcppSchemas;

/** The Ended event of a transaction found open at start-up (power cut, kill -9). */
class PowerLossEndTest {
    static final Instant RESTART = Instant.parse("2025-03-01T12:00:00Z");

    private static MeterValueType value(Instant at, double wh, ReadingContextEnumType context) {
        return MeterValueType.of(at, List.of(SampledValueType.of(wh).withContext(context)));
    }

    private static TransactionRecord record() {
        TransactionRecord r = new TransactionRecord();
        r.transactionId = "5b1c3a0e-0e1f-4c59-9d7e-3f8a1c2b4d5e";
        r.evseId = 2;
        r.connectorId = 1;
        r.nextSeqNo = 7;
        r.startedAt = RESTART.minus(Duration.ofHours(1));
        r.chargingState = "Charging";
        r.chargingSeconds = 1234;
        r.evseReported = true;
        r.endedMeterValues.add(value(r.startedAt, 1000, ReadingContextEnumType.Transaction_Begin));
        return r;
    }

    @Test
    void endsWithPowerLossAndTheNextSeqNo() {
        Optional<MeterValueType> end = Optional.of(value(RESTART, 51_000, ReadingContextEnumType.Transaction_End));
        TransactionEventRequest ended = PowerLossEnd.event(record(), RESTART, end, false);
        OcppSchemas.assertValid(ended);
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.AbnormalCondition);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.PowerLoss);
        assertThat(ended.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Idle);
        assertThat(ended.transactionInfo().timeSpentCharging()).isEqualTo(1234);
        assertThat(ended.seqNo()).isEqualTo(7);
        assertThat(ended.timestamp()).isEqualTo(RESTART);
        assertThat(ended.offline()).isNull();
        assertThat(ended.evse()).as("already reported").isNull();
        assertThat(ended.meterValue()).extracting(mv -> mv.sampledValue().get(0).context())
                .containsExactly(ReadingContextEnumType.Transaction_Begin, ReadingContextEnumType.Transaction_End);
    }

    @Test
    void offlineWithoutMeterAndWithTheEvseNotYetReported() {
        TransactionRecord r = record();
        r.evseReported = false;
        r.endedMeterValues.clear();
        TransactionEventRequest ended = PowerLossEnd.event(r, RESTART, Optional.empty(), true);
        OcppSchemas.assertValid(ended);
        assertThat(ended.offline()).isTrue();
        assertThat(ended.meterValue()).as("minItems 1: absent rather than empty").isNull();
        assertThat(ended.evse()).isEqualTo(EVSEType.of(2).withConnectorId(1));

        r.connectorId = null;
        assertThat(PowerLossEnd.event(r, RESTART, Optional.empty(), false).evse()).isEqualTo(EVSEType.of(2));
    }

    @Test
    void continuesTheSeqNoOfARecordStoredByASession() {
        FakeEffects fx = new FakeEffects();
        fx.txEndedInterval = Duration.ofSeconds(60);
        fx.card(SessionTestBase.CARD, AuthorizationStatusEnumType.Accepted, null);
        EvseSession session = new EvseSession(1, fx);
        session.tokenPresented(SessionTestBase.CARD);
        fx.runDue();
        session.cableChanged(1, true);
        session.cabinetChanged(CabinetPhase.PRE_CHARGE, 0, 1000, null);
        session.cabinetChanged(CabinetPhase.CHARGING, 1000, 1000, null);
        fx.advance(Duration.ofMinutes(3));
        // kill -9: what the outbox holds is all that survives
        TransactionRecord recovered = fx.storedRecord(1).orElseThrow();
        TransactionEventRequest ended = PowerLossEnd.event(recovered, fx.now().plusSeconds(30),
                fx.sample(1, TransactionSample.ENDED, fx.now()), false);
        OcppSchemas.assertValid(ended);
        assertThat(ended.transactionInfo().transactionId()).isEqualTo("tx-1");
        assertThat(ended.seqNo()).isEqualTo(fx.events().size());
        assertThat(ended.meterValue()).extracting(mv -> mv.sampledValue().get(0).context()).containsExactly(
                ReadingContextEnumType.Transaction_Begin, ReadingContextEnumType.Sample_Periodic,
                ReadingContextEnumType.Sample_Periodic, ReadingContextEnumType.Sample_Periodic,
                ReadingContextEnumType.Transaction_End);
        assertThat(ended.evse()).isNull();
        assertThat(ended.transactionInfo().timeSpentCharging()).as("charging up to the last stored sample")
                .isEqualTo(180);
        session.close();
    }
}
