package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** The shipped TxCtrlr settings: TxStartPoint PowerPathClosed, TxStopPoint EVConnected,Authorized. */
class DefaultSettingsTest extends SessionTestBase {

    @Test
    void E03_cardFirst_transactionStartsWhenThePowerPathCloses() {
        present(CARD);
        assertThat(phasesShown()).containsExactly(SessionPhase.AUTHORIZING, SessionPhase.WAITING_FOR_CABLE);
        assertThat(fx.view().idTokenHint()).isEqualTo("****E6F7");
        assertThat(fx.commands).isEmpty();

        plugIn();
        assertThat(fx.commands).containsExactly("lock", "start");
        assertThat(phase()).isEqualTo(SessionPhase.CABLE_CHECK);
        cableCheck();
        assertThat(events()).as("no transaction before the power path is closed").isEmpty();

        preCharge();
        assertThat(events()).hasSize(1);
        TransactionEventRequest started = event(0);
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.seqNo()).isZero();
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(started.idToken()).isEqualTo(CARD);
        assertThat(started.evse()).isEqualTo(EVSEType.of(1).withConnectorId(1));
        assertThat(started.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
        assertThat(started.offline()).isNull();
        assertThat(started.meterValue()).singleElement().satisfies(mv -> assertThat(mv.sampledValue().get(0).context())
                .isEqualTo(ReadingContextEnumType.Transaction_Begin));
        assertThat(fx.emitted.get(0).kind()).isEqualTo(MessageKind.TRANSACTION);
        assertThat(phase()).isEqualTo(SessionPhase.PRE_CHARGE);
        assertThat(fx.view().transactionId()).isEqualTo("tx-1");
    }

    @Test
    void thePhasesOfACompleteSession() {
        present(CARD);
        plugIn();
        powerPathCloses();
        evWantsEnergy(false);
        evWantsEnergy(true);
        present(CARD);
        cabinetStops();
        unplug();
        advance(TxSettings.DEFAULTS.summary().plusSeconds(1));
        assertThat(phasesShown()).containsExactly(SessionPhase.AUTHORIZING, SessionPhase.WAITING_FOR_CABLE,
                SessionPhase.CABLE_CHECK, SessionPhase.PRE_CHARGE, SessionPhase.CHARGING, SessionPhase.SUSPENDED_EV,
                SessionPhase.CHARGING, SessionPhase.FINISHED, SessionPhase.IDLE);
        assertThat(fx.views).extracting(SessionView::idTokenHint).as("never the full idToken")
                .containsOnly("****E6F7", null);
    }

    @Test
    void E01_FR_18_chargingStateChangesAreReported() {
        chargingWithCardFirst();
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.ChargingStateChanged);
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Charging);
        assertThat(phase()).isEqualTo(SessionPhase.CHARGING);

        evWantsEnergy(false);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.ChargingStateChanged);
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEV);
        assertThat(phase()).isEqualTo(SessionPhase.SUSPENDED_EV);

        evWantsEnergy(true);
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Charging);

        cabinet(CabinetPhase.CHARGING, 0, 0); // the station's limit went to 0 W
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEVSE);
        assertThat(phase()).isEqualTo(SessionPhase.SUSPENDED_EVSE);

        charging(150);
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Charging);
        int before = events().size();
        charging(120); // a new measurement is not a change of state
        assertThat(events()).hasSize(before);
        assertThat(phasesShown()).containsSubsequence(SessionPhase.PRE_CHARGE, SessionPhase.CHARGING,
                SessionPhase.SUSPENDED_EV, SessionPhase.CHARGING, SessionPhase.SUSPENDED_EVSE, SessionPhase.CHARGING);
    }

    @Test
    void E02_cableFirst_transactionStartsAfterTheCardWhenThePowerPathCloses() {
        plugIn();
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
        assertThat(session.waitingForCard()).isTrue();
        assertThat(fx.commands).as("no power without a driver").isEmpty();

        present(CARD);
        assertThat(phasesShown()).containsExactly(SessionPhase.WAITING_FOR_AUTHORIZATION, SessionPhase.AUTHORIZING,
                SessionPhase.CABLE_CHECK);
        assertThat(fx.commands).containsExactly("lock", "start");
        cableCheck();
        assertThat(events()).isEmpty();

        preCharge();
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(started.idToken()).isEqualTo(CARD);
        assertThat(started.evse()).isEqualTo(EVSEType.of(1).withConnectorId(1));
    }

    @Test
    void E01_FR_16_evseAndIdTokenOnlyOnce() {
        chargingWithCardFirst();
        evWantsEnergy(false);
        evWantsEnergy(true);
        session.trigger();
        assertThat(events()).hasSizeGreaterThan(3);
        assertThat(events()).filteredOn(e -> e.evse() != null).singleElement()
                .extracting(TransactionEventRequest::eventType).isEqualTo(TransactionEventEnumType.Started);
        assertThat(events()).filteredOn(e -> e.idToken() != null).singleElement()
                .extracting(TransactionEventRequest::eventType).isEqualTo(TransactionEventEnumType.Started);
    }

    @Test
    void E07_stopWithTheSameCard_endsWithStopAuthorizedLocal() {
        chargingWithCardFirst();
        delivered(12.5);
        advance(Duration.ofMinutes(10));

        present(CARD);
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.StopAuthorized);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Local);
        assertThat(ended.idToken()).as("E07.FR.02").isEqualTo(CARD);
        assertThat(ended.transactionInfo().chargingState()).as("energy transfer ends with the transaction")
                .isEqualTo(ChargingStateEnumType.EVConnected);
        assertThat(ended.transactionInfo().timeSpentCharging()).isEqualTo(600);
        assertThat(ended.meterValue()).extracting(mv -> mv.sampledValue().get(0).context())
                .containsExactly(ReadingContextEnumType.Transaction_Begin, ReadingContextEnumType.Transaction_End);
        assertThat(ended.meterValue()).extracting(mv -> mv.sampledValue().get(0).value()).containsExactly(10_000.0,
                22_500.0);
        assertThat(powerWanted()).isFalse();
        assertThat(fx.stored).as("the record is removed with the Ended event").isEmpty();
        assertThat(authorizeRequestsFor(CARD)).as("the starting card stops without asking again (E07.FR.01)")
                .isEqualTo(1);

        SessionView finished = fx.view();
        assertThat(finished.phase()).isEqualTo(SessionPhase.FINISHED);
        assertThat(finished.stoppedReason()).isEqualTo("Local");
        assertThat(finished.energyWh()).isEqualTo(12_500.0);
        assertThat(finished.elapsed()).isEqualTo(Duration.ofMinutes(10));

        cabinetStops();
        assertThat(lastCommand()).as("E07.FR.07: the cable is released once the power path is open")
                .isEqualTo("unlock");
        int count = events().size();
        unplug();
        assertThat(events()).as("the transaction already ended").hasSize(count);
        assertThat(phase()).isEqualTo(SessionPhase.FINISHED);
        advance(TxSettings.DEFAULTS.summary().plusSeconds(1));
        assertThat(phase()).isEqualTo(SessionPhase.IDLE);
        assertThat(fx.view()).isEqualTo(SessionView.idle(1));
    }

    @Test
    void C09_aCardOfTheSameGroupStops() {
        chargingWithCardFirst();
        present(COLLEAGUE);
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.StopAuthorized);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Local);
        assertThat(ended.idToken()).as("the stopping card (E07.FR.02)").isEqualTo(COLLEAGUE);
    }

    @Test
    void C09_aCardOfAnotherGroupMayNotStop() {
        chargingWithCardFirst();
        int count = events().size();
        present(STRANGER);
        assertThat(events()).hasSize(count);
        assertThat(session.hasTransaction()).isTrue();
        assertThat(powerWanted()).isTrue();
        assertThat(phase()).isEqualTo(SessionPhase.CHARGING);
        assertThat(fx.view().message()).isEqualTo("NotOwner");

        present(APP_USER); // valid, no group at all
        assertThat(events()).hasSize(count);
        assertThat(session.hasTransaction()).isTrue();

        present(CARD);
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
    }

    @Test
    void C09_withoutAGroupOnlyTheSameCardStops() {
        present(APP_USER);
        plugIn();
        powerPathCloses();
        present(STRANGER);
        assertThat(session.hasTransaction()).isTrue();
        present(upperCase(APP_USER));
        assertThat(session.hasTransaction()).as("idTokens compare case-insensitively").isFalse();
    }

    private static IdTokenType upperCase(IdTokenType token) {
        return IdTokenType.of(token.idToken().toUpperCase(Locale.ROOT), token.type());
    }

    @Test
    void E06_FR_02_unplugEndsWithEVCommunicationLost() {
        chargingWithCardFirst();
        unplug();
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.EVCommunicationLost);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.EVDisconnected);
        assertThat(ended.transactionInfo().chargingState()).as("TC_E_54").isEqualTo(ChargingStateEnumType.Idle);
        assertThat(ended.idToken()).isNull();
        assertThat(powerWanted()).isFalse();
        assertThat(fx.commands).contains("unlock");
        assertThat(phase()).isEqualTo(SessionPhase.FINISHED);
        assertThat(fx.view().stoppedReason()).isEqualTo("EVDisconnected");
    }

    @Test
    void E09_FR_03_cableStaysLockedWhenUnlockOnEvSideDisconnectIsFalse() {
        fx.unlockOnEvSideDisconnect = false;
        chargingWithCardFirst();
        unplug();
        assertThat(fx.commands).doesNotContain("unlock");
    }

    @Test
    void E09_FR_01_afterUnplugTheAuthorizationIsGone() {
        chargingWithCardFirst();
        unplug();
        cabinetStops();
        plugIn();
        assertThat(phase()).isIn(SessionPhase.WAITING_FOR_AUTHORIZATION);
        assertThat(powerWanted()).isFalse();
        assertThat(session.hasTransaction()).isFalse();
    }

    @Test
    void E04_eventsWhileOfflineAreFlagged() {
        present(CARD);
        plugIn();
        cableCheck();
        fx.online = false;
        preCharge();
        charging(100);
        fx.online = true;
        evWantsEnergy(false);
        assertThat(events()).extracting(TransactionEventRequest::offline).containsExactly(true, true, null);
    }

    @Test
    void aSecondTransactionGetsANewIdAndStartsAtSeqNoZero() {
        chargingWithCardFirst();
        present(CARD);
        cabinetStops();
        unplug();
        chargingWithCardFirst();
        assertThat(events()).filteredOn(e -> e.eventType() == TransactionEventEnumType.Started)
                .extracting(e -> e.transactionInfo().transactionId(), TransactionEventRequest::seqNo)
                .containsExactly(tuple("tx-1", 0), tuple("tx-2", 0));
    }

    private long authorizeRequestsFor(IdTokenType card) {
        return fx.authorizeRequests.stream().filter(t -> EvseSession.sameToken(t, card)).count();
    }
}
