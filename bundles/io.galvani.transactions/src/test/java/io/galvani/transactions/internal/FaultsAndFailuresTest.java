package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.transactions.api.SessionPhase;

/** Cabinet faults (E06.FR.16), Reset (B12), storage failures and the stop-and-restart rules. */
class FaultsAndFailuresTest extends SessionTestBase {

    @Test
    void E06_FR_16_aCabinetFaultWhileChargingEndsWithAbnormalCondition() {
        chargingWithCardFirst();
        fault("Ground fault on DC-");
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.AbnormalCondition);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.GroundFault);
        assertThat(ended.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
        assertThat(session.authorizedBy(CARD)).isFalse();
        assertThat(phase()).isEqualTo(SessionPhase.FINISHED);
        assertThat(fx.view().message()).isEqualTo("Ground fault on DC-");
        assertThat(fx.view().stoppedReason()).isEqualTo("GroundFault");

        int commands = fx.commands.size();
        cabinet(CabinetPhase.IDLE, 0, RATED_W); // fault cleared
        assertThat(fx.commands.subList(commands, fx.commands.size())).as("no restart without a new authorization")
                .doesNotContain("start");
        assertThat(session.hasTransaction()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "Emergency stop pressed, EmergencyStop",
            "Isolation monitor tripped, GroundFault",
            "Insulation resistance too low, GroundFault",
            "Over-current on DC+, OvercurrentFault",
            "Overcurrent, OvercurrentFault",
            "Grid undervoltage, PowerQuality",
            "Power quality out of range, PowerQuality",
            "EV disconnected during charging, EVDisconnected",
            "Rectifier over-temperature, Other",
            "null, Other" })
    void E07_FR_06_faultTextsMapToStoppedReasons(String fault, ReasonEnumType reason) {
        assertThat(StopReasons.forFault(fault)).isEqualTo(reason);
    }

    @Test
    void aFaultBeforeThePowerPathClosed_noTransaction() {
        present(CARD);
        plugIn();
        cableCheck();
        fault("Isolation monitor tripped");
        assertThat(events()).isEmpty();
        assertThat(session.hasTransaction()).isFalse();
        assertThat(session.authorizedBy(CARD)).isFalse();
        assertThat(phase()).isEqualTo(SessionPhase.UNAVAILABLE);
        assertThat(fx.view().message()).isEqualTo("Isolation monitor tripped");

        int commands = fx.commands.size();
        cabinet(CabinetPhase.IDLE, 0, RATED_W); // fault cleared
        assertThat(fx.commands.subList(commands, fx.commands.size())).doesNotContain("start");
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
    }

    @Test
    void aFaultWithTheTransactionStartedAtTheCable_endsIt() {
        fx.points("EVConnected", "EVConnected,Authorized");
        plugIn();
        present(CARD);
        cableCheck();
        fault("Isolation monitor tripped");
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.AbnormalCondition);
        assertThat(lastEvent().transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.GroundFault);
    }

    @Test
    void B12_FR_04_immediateResetEndsWithImmediateReset() {
        chargingWithCardFirst();
        session.endForReset();
        fx.runDue();
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.ResetCommand);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.ImmediateReset);
        assertThat(powerWanted()).isFalse();
    }

    @Test
    void resetWithoutTransactionEndsTheAuthorization() {
        present(CARD);
        session.endForReset();
        fx.runDue();
        assertThat(events()).isEmpty();
        assertThat(session.authorizedBy(CARD)).isFalse();
        plugIn();
        assertThat(fx.commands).isEmpty();
    }

    // ---- after a transaction with the cable still in ----

    @Test
    void E01_FR_02_afterAnEndedTransactionTheSameCableDoesNotStartAnother() {
        fx.points("EVConnected", "EVConnected,Authorized");
        plugIn();
        present(CARD);
        powerPathCloses();
        present(CARD);
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
        cabinetStops();
        evWantsEnergy(false);
        evWantsEnergy(true);
        session.settingsChanged();
        assertThat(session.hasTransaction()).isFalse();
        assertThat(phase()).isEqualTo(SessionPhase.FINISHED);
        assertThat(session.waitingForCard()).isFalse();

        present(CARD); // a new authorization
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.transactionInfo().transactionId()).isEqualTo("tx-2");
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
    }

    @Test
    void E01_FR_02_afterAnEndedTransactionReplugStartsAnother() {
        fx.points("EVConnected", "EVConnected,Authorized");
        plugIn();
        session.remoteStop("tx-1");
        fx.runDue();
        assertThat(session.hasTransaction()).isFalse();
        unplug();
        plugIn();
        assertThat(lastEvent().transactionInfo().transactionId()).isEqualTo("tx-2");
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Started);
    }

    // ---- storage failures ----

    @Test
    void aStartedThatCannotBeStored_noTransactionNoEnergy() {
        present(CARD);
        plugIn();
        cableCheck();
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Started);
        preCharge();
        assertThat(events()).isEmpty();
        assertThat(session.hasTransaction()).isFalse();
        assertThat(fx.stored).isEmpty();
        assertThat(lastCommand()).isEqualTo("stop");
        assertThat(phase()).isEqualTo(SessionPhase.REJECTED);
        assertThat(fx.view().message()).isEqualTo("StorageError");
        cabinetStops();
        assertThat(powerWanted()).isFalse();
        advance(EvseSession.REJECTION_SHOWN.plusSeconds(1));
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
        assertThat(fx.view().message()).isNull();

        present(CARD);
        powerPathCloses();
        assertThat(event(0).eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(event(0).seqNo()).isZero();
    }

    @Test
    void aStartedThatCannotBeStored_beforeThePowerPath_neverClosesIt() {
        fx.points("Authorized", "EVConnected,Authorized");
        plugIn();
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Started);
        present(CARD);
        assertThat(session.hasTransaction()).isFalse();
        assertThat(fx.commands).isEmpty();
    }

    @Test
    void anUpdatedThatCannotBeStored_leavesNoGapInSeqNo() {
        chargingWithCardFirst();
        int count = events().size();
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Updated);
        evWantsEnergy(false);
        assertThat(events()).hasSize(count);
        assertThat(fx.storedRecord(1).orElseThrow().nextSeqNo).isEqualTo(count);

        charging(150); // the next input reports the change that was not stored
        TransactionEventRequest next = lastEvent();
        assertThat(next.seqNo()).isEqualTo(count);
        assertThat(next.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEV);
    }

    @Test
    void anIdTokenWhoseUpdatedCouldNotBeStoredGoesInTheNextEvent() {
        fx.points("EVConnected", "EVConnected,Authorized");
        plugIn();
        fx.failNextEmit(e -> e.triggerReason() == TriggerReasonEnumType.Authorized);
        present(CARD);
        assertThat(events()).hasSize(1);
        cableCheck();
        preCharge();
        charging(150);
        assertThat(lastEvent().idToken()).isEqualTo(CARD);
        assertThat(fx.emitted.get(fx.emitted.size() - 1).kind()).isEqualTo(MessageKind.TRANSACTION);
    }

    @Test
    void anEndedThatCannotBeStored_isStoredBeforeTheNextTransaction() {
        chargingWithCardFirst();
        int count = events().size();
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Ended);
        present(CARD);
        assertThat(events()).hasSize(count);
        assertThat(session.hasTransaction()).isFalse();
        assertThat(powerWanted()).isFalse();
        assertThat(fx.storedRecord(1)).as("kept for the PowerLoss recovery").isPresent();
        cabinetStops();
        unplug();

        chargingWithCardFirst();
        assertThat(events().subList(count, events().size())).extracting(e -> e.transactionInfo().transactionId(),
                TransactionEventRequest::eventType).startsWith(
                        tuple("tx-1", TransactionEventEnumType.Ended),
                        tuple("tx-2", TransactionEventEnumType.Started));
        assertThat(event(count).transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Local);
        assertThat(event(count).seqNo()).isEqualTo(count);
    }

    @Test
    void anEndedThatCannotBeStored_isOfferedAgainUntilStored() {
        chargingWithCardFirst();
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Ended);
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Ended);
        present(CARD);
        assertThat(fx.stored).isNotEmpty();
        advance(EvseSession.END_RETRY);
        assertThat(fx.stored).as("still refused").isNotEmpty();
        advance(EvseSession.END_RETRY);
        assertThat(fx.stored).isEmpty();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.StopAuthorized);
        assertThat(lastEvent().timestamp()).as("when it ended, not when it was stored").isEqualTo(FakeEffects.START);
        int count = events().size();
        advance(EvseSession.END_RETRY.multipliedBy(3));
        assertThat(events()).hasSize(count);
    }

    @Test
    void anEndedThatStillCannotBeStored_noNewTransaction() {
        fx.points("EVConnected", "EVConnected,Authorized");
        plugIn();
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Ended);
        unplug();
        fx.failNextEmit(e -> e.eventType() == TransactionEventEnumType.Ended);
        plugIn();
        assertThat(events()).hasSize(1);
        assertThat(session.hasTransaction()).isFalse();
        assertThat(phase()).isEqualTo(SessionPhase.REJECTED);
        present(CARD); // storage recovered
        assertThat(events()).extracting(TransactionEventRequest::eventType).containsExactly(
                TransactionEventEnumType.Started, TransactionEventEnumType.Ended, TransactionEventEnumType.Started);
        assertThat(powerWanted()).isTrue();
    }

    @Test
    void aMeterSampleThatCannotBeStoredDoesNotStopCharging() {
        fx.txEndedInterval = Duration.ofSeconds(60);
        chargingWithCardFirst();
        fx.failPersist(true);
        advance(Duration.ofSeconds(60));
        assertThat(session.hasTransaction()).isTrue();
        assertThat(powerWanted()).isTrue();
        fx.failPersist(false);
    }
}
