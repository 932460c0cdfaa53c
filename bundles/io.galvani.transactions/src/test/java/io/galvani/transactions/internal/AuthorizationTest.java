package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.transactions.api.SessionPhase;

/** Refused cards (C01), EVConnectionTimeOut (E03.FR.05, C01.FR.26) and the CSMS's idTokenInfo (E05). */
class AuthorizationTest extends SessionTestBase {
    static final IdTokenType REFUSED = IdTokenType.of("DEADBEEF0001", IdTokenEnumType.ISO14443);

    @ParameterizedTest
    @EnumSource(value = AuthorizationStatusEnumType.class, names = "Accepted", mode = EnumSource.Mode.EXCLUDE)
    void C01_aRefusedCard_cardFirst_noTransactionNoPower(AuthorizationStatusEnumType status) {
        fx.card(REFUSED, status, null);
        present(REFUSED);
        assertThat(phasesShown()).containsExactly(SessionPhase.AUTHORIZING, SessionPhase.REJECTED);
        assertThat(fx.view().message()).isEqualTo(status.value());
        plugIn();
        assertThat(events()).isEmpty();
        assertThat(fx.commands).isEmpty();
        advance(EvseSession.REJECTION_SHOWN.plusSeconds(1));
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
        assertThat(fx.view().message()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = AuthorizationStatusEnumType.class, names = "Accepted", mode = EnumSource.Mode.EXCLUDE)
    void E02_FR_20_aRefusedCardAtARunningTransactionSendsNothing(AuthorizationStatusEnumType status) {
        fx.points("EVConnected", "EVConnected,Authorized");
        fx.card(REFUSED, status, null);
        plugIn();
        present(REFUSED);
        assertThat(events()).hasSize(1); // Started only
        assertThat(fx.commands).isEmpty();
        assertThat(phase()).isEqualTo(SessionPhase.REJECTED);
        assertThat(fx.view().message()).isEqualTo(status.value());
        advance(EvseSession.REJECTION_SHOWN.plusSeconds(1));
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
        present(CARD);
        assertThat(powerWanted()).isTrue();
    }

    @Test
    void aCardWhileUnavailableIsRefusedWithoutAsking() {
        session.availabilityChanged(false);
        fx.runDue();
        assertThat(phase()).isEqualTo(SessionPhase.UNAVAILABLE);
        present(CARD);
        assertThat(phase()).isEqualTo(SessionPhase.REJECTED);
        assertThat(fx.view().message()).isEqualTo("Unavailable");
        assertThat(fx.authorizeRequests).isEmpty();
        advance(EvseSession.REJECTION_SHOWN.plusSeconds(1));
        assertThat(phase()).isEqualTo(SessionPhase.UNAVAILABLE);
    }

    @Test
    void becomingUnavailableWhileTheCardIsCheckedRefusesIt() {
        fx.holdAuthorizations = true;
        present(CARD);
        assertThat(phase()).isEqualTo(SessionPhase.AUTHORIZING);
        session.availabilityChanged(false);
        fx.releaseAuthorizations();
        assertThat(phase()).isEqualTo(SessionPhase.REJECTED);
        plugIn();
        assertThat(fx.commands).isEmpty();
    }

    @Test
    void aSecondCardWhileTheFirstIsCheckedIsIgnored() {
        fx.holdAuthorizations = true;
        present(CARD);
        present(STRANGER);
        assertThat(fx.authorizeRequests).containsExactly(CARD);
        fx.releaseAuthorizations();
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_CABLE);
        assertThat(session.authorizedBy(CARD)).isTrue();
    }

    // ---- EVConnectionTimeOut ----

    @Test
    void E03_FR_05_noCableInTime_endsTheTransactionWithTimeout() {
        fx.points("Authorized", "EVConnected,Authorized");
        present(CARD);
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Started);
        advance(TxSettings.DEFAULTS.evConnectionTimeout().minusSeconds(1));
        assertThat(session.hasTransaction()).isTrue();
        advance(Duration.ofSeconds(1));
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.EVConnectTimeout);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Timeout);
        assertThat(ended.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Idle);

        plugIn();
        assertThat(session.hasTransaction()).as("TC_E_39: a later cable must not charge").isFalse();
        assertThat(fx.commands).isEmpty();
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
    }

    @Test
    void C01_FR_26_noCableInTime_withoutTransaction_onlyEndsTheAuthorization() {
        present(CARD);
        advance(TxSettings.DEFAULTS.evConnectionTimeout());
        assertThat(events()).isEmpty();
        assertThat(session.authorizedBy(CARD)).isFalse();
        assertThat(phase()).isEqualTo(SessionPhase.IDLE);
        assertThat(fx.view().message()).isEqualTo("Timeout");
        advance(EvseSession.REJECTION_SHOWN.plusSeconds(1));
        assertThat(fx.view().message()).as("the note goes away").isNull();
        plugIn();
        assertThat(fx.commands).isEmpty();
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
    }

    @Test
    void theCableInTimeCancelsTheTimeout() {
        present(CARD);
        advance(Duration.ofSeconds(60));
        plugIn();
        advance(Duration.ofMinutes(10));
        assertThat(session.authorizedBy(CARD)).isTrue();
        assertThat(powerWanted()).isTrue();
    }

    // ---- idTokenInfo in TransactionEventResponse (E05) ----

    @Test
    void E05_FR_10_invalidWithStopTxOnInvalidId_endsWithDeauthorized() {
        chargingWithCardFirst();
        fx.respond(0, TransactionEventResponse.of().withIdTokenInfo(IdTokenInfoType.of(AuthorizationStatusEnumType.Invalid)));
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.Deauthorized);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.DeAuthorized);
        assertThat(powerWanted()).isFalse();
        assertThat(fx.idTokenInfos).extracting(IdTokenInfoType::status)
                .as("C10.FR.05: the cache learns of it").containsExactly(AuthorizationStatusEnumType.Invalid);
        cabinetStops();
        assertThat(fx.commands).as("E05.FR.11: the cable stays locked for its owner").doesNotContain("unlock");
    }

    @Test
    void E05_FR_09_invalidWithStopTxOnInvalidId_evConnectedStopPoint_suspends() {
        fx.points("PowerPathClosed", "EVConnected");
        chargingWithCardFirst();
        fx.respond(0, TransactionEventResponse.of().withIdTokenInfo(IdTokenInfoType.of(AuthorizationStatusEnumType.Blocked)));
        TransactionEventRequest update = lastEvent();
        assertThat(update.eventType()).isEqualTo(TransactionEventEnumType.Updated);
        assertThat(update.triggerReason()).isEqualTo(TriggerReasonEnumType.Deauthorized);
        assertThat(update.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEVSE);
        assertThat(powerWanted()).isFalse();
        assertThat(session.hasTransaction()).isTrue();
        assertThat(phase()).isEqualTo(SessionPhase.SUSPENDED_EVSE);
        assertThat(fx.view().message()).isEqualTo("Blocked");

        int count = events().size();
        cabinetStops();
        assertThat(events()).as("still SuspendedEVSE").hasSize(count);
        assertThat(powerWanted()).as("no restart").isFalse();
        unplug();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
    }

    @Test
    void E05_FR_09_deauthorizedIsReportedEvenWhenAlreadySuspendedByTheStation() {
        fx.points("PowerPathClosed", "EVConnected");
        chargingWithCardFirst();
        cabinet(CabinetPhase.CHARGING, 0, 0); // SuspendedEVSE by a 0 W limit
        fx.respond(0, TransactionEventResponse.of().withIdTokenInfo(IdTokenInfoType.of(AuthorizationStatusEnumType.Expired)));
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.Deauthorized);
        assertThat(powerWanted()).isFalse();
    }

    @Test
    void E05_FR_03_invalidWithoutStopTxOnInvalidId_chargesUpToMaxEnergyOnInvalidId() {
        fx.invalidIdHandling(false, 5_000);
        chargingWithCardFirst();
        delivered(20);
        charging(150);
        int count = events().size();
        csmsAnswers(0, AuthorizationStatusEnumType.Invalid);
        assertThat(events()).hasSize(count);
        assertThat(powerWanted()).isTrue();

        delivered(4.9);
        charging(150);
        assertThat(events()).hasSize(count);
        assertThat(powerWanted()).isTrue();

        delivered(0.1);
        charging(150);
        TransactionEventRequest update = lastEvent();
        assertThat(update.eventType()).isEqualTo(TransactionEventEnumType.Updated);
        assertThat(update.triggerReason()).as("E05.FR.02").isEqualTo(TriggerReasonEnumType.ChargingStateChanged);
        assertThat(update.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEVSE);
        assertThat(powerWanted()).isFalse();
        assertThat(session.hasTransaction()).isTrue();
        cabinetStops();
        assertThat(powerWanted()).isFalse();
    }

    @Test
    void E05_FR_02_invalidWithoutStopTxOnInvalidIdAndNoMaxEnergy_suspendsAtOnce() {
        fx.invalidIdHandling(false, 0);
        chargingWithCardFirst();
        csmsAnswers(0, AuthorizationStatusEnumType.Invalid);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.ChargingStateChanged);
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEVSE);
        assertThat(powerWanted()).isFalse();
    }

    @Test
    void E05_FR_02_energyTransferStopPoint_theEnergyStopEndsTheTransaction() {
        fx.invalidIdHandling(false, 0);
        fx.points("PowerPathClosed", "EnergyTransfer");
        chargingWithCardFirst();
        csmsAnswers(0, AuthorizationStatusEnumType.Invalid);
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.EnergyLimitReached);
    }

    @Test
    void anAcceptedAnswerChangesNothingButTheCache() {
        chargingWithCardFirst();
        int count = events().size();
        csmsAnswers(0, AuthorizationStatusEnumType.Accepted);
        assertThat(events()).hasSize(count);
        assertThat(fx.idTokenInfos).hasSize(1);
        assertThat(powerWanted()).isTrue();
    }

    @Test
    void idTokenInfoForAnEventWithoutIdTokenIsIgnored() {
        chargingWithCardFirst();
        int count = events().size();
        csmsAnswers(count - 1, AuthorizationStatusEnumType.Invalid); // the Updated Charging carried no idToken
        assertThat(events()).hasSize(count);
        assertThat(fx.idTokenInfos).isEmpty();
        assertThat(session.hasTransaction()).isTrue();
    }

    @Test
    void aLateAnswerForAnEndedTransactionIsIgnored() {
        chargingWithCardFirst();
        present(CARD);
        cabinetStops();
        unplug();
        chargingWithCardFirst();
        int count = events().size();
        csmsAnswers(0, AuthorizationStatusEnumType.Invalid); // Started of tx-1
        assertThat(events()).hasSize(count);
        assertThat(session.hasTransaction()).isTrue();
    }

    private void csmsAnswers(int index, AuthorizationStatusEnumType status) {
        fx.respond(index, TransactionEventResponse.of().withIdTokenInfo(IdTokenInfoType.of(status)));
    }
}
