package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.transactions.api.SessionPhase;

/** RequestStartTransaction (F01, F02), RequestStopTransaction (F03) and TriggerMessage(TransactionEvent). */
class RemoteControlTest extends SessionTestBase {
    static final int REMOTE_START_ID = 4711;

    private void remoteStart(IdTokenType token, boolean authorizeFirst) {
        StartOutcome outcome = session.canStartRemotely(APP_USER, null);
        assertThat(outcome.accepted()).as(outcome.reason()).isTrue();
        session.startRemotely(token, null, REMOTE_START_ID, authorizeFirst);
        fx.runDue();
    }

    @Test
    void F01_FR_13_cableFirst_acceptedWithTheRunningTransactionId() {
        fx.points("EVConnected", "EVConnected,Authorized");
        plugIn();
        StartOutcome outcome = session.canStartRemotely(APP_USER, null);
        assertThat(outcome).isEqualTo(new StartOutcome(true, "tx-1", null));

        session.startRemotely(APP_USER, null, REMOTE_START_ID, false);
        fx.runDue();
        TransactionEventRequest next = lastEvent();
        assertThat(next.eventType()).isEqualTo(TransactionEventEnumType.Updated);
        assertThat(next.triggerReason()).as("F01.FR.19").isEqualTo(TriggerReasonEnumType.RemoteStart);
        assertThat(next.transactionInfo().remoteStartId()).as("F01.FR.25").isEqualTo(REMOTE_START_ID);
        assertThat(next.idToken()).as("F01.FR.04").isEqualTo(APP_USER);
        assertThat(fx.authorizeRequests).as("F01.FR.02: AuthorizeRemoteStart false").isEmpty();
        assertThat(fx.commands).containsExactly("lock", "start");

        powerPathCloses();
        assertThat(events()).filteredOn(e -> e.transactionInfo().remoteStartId() != null).hasSize(1);
    }

    @Test
    void F01_cableFirst_defaultStartPoint_startedCarriesRemoteStart() {
        plugIn();
        assertThat(session.canStartRemotely(APP_USER, null)).isEqualTo(new StartOutcome(true, null, null));
        remoteStart(APP_USER, false);
        assertThat(events()).isEmpty();
        powerPathCloses();
        TransactionEventRequest started = event(0);
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStart);
        assertThat(started.transactionInfo().remoteStartId()).isEqualTo(REMOTE_START_ID);
        assertThat(started.idToken()).isEqualTo(APP_USER);
    }

    @Test
    void F02_remoteFirst_startedWhenThePowerPathCloses() {
        remoteStart(APP_USER, false);
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_CABLE);
        assertThat(events()).isEmpty();
        plugIn();
        powerPathCloses();
        TransactionEventRequest started = event(0);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStart);
        assertThat(started.transactionInfo().remoteStartId()).as("F02.FR.01").isEqualTo(REMOTE_START_ID);
        assertThat(started.idToken()).isEqualTo(APP_USER);
        assertThat(started.evse()).isEqualTo(EVSEType.of(1).withConnectorId(1));
    }

    @Test
    void F02_FR_21_remoteFirst_evConnectedStartPoint_stillReportsRemoteStart() {
        fx.points("EVConnected", "EVConnected,Authorized");
        remoteStart(APP_USER, false);
        assertThat(events()).isEmpty();
        plugIn();
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStart);
        assertThat(started.transactionInfo().remoteStartId()).isEqualTo(REMOTE_START_ID);
        assertThat(started.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
    }

    @Test
    void F02_FR_07_authorizedStartPoint_noCableInTime_endsWithTimeout() {
        fx.points("Authorized", "EVConnected,Authorized");
        remoteStart(APP_USER, false);
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStart);
        advance(TxSettings.DEFAULTS.evConnectionTimeout());
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.EVConnectTimeout);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Timeout);
    }

    @Test
    void F01_FR_01_authorizeRemoteStart_asksFirst() {
        plugIn();
        remoteStart(APP_USER, true);
        assertThat(fx.authorizeRequests).containsExactly(APP_USER);
        assertThat(powerWanted()).isTrue();
        powerPathCloses();
        assertThat(event(0).triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStart);
    }

    @Test
    void F01_FR_01_authorizeRemoteStart_refusedTokenStartsNothing() {
        IdTokenType unknown = IdTokenType.of("not-known-to-anyone", IdTokenEnumType.Central);
        plugIn();
        remoteStart(unknown, true);
        assertThat(phase()).isEqualTo(SessionPhase.REJECTED);
        assertThat(fx.view().message()).isEqualTo("Unknown");
        assertThat(fx.commands).isEmpty();
        assertThat(events()).isEmpty();
    }

    @Test
    void F01_FR_24_rejectedWhenAlreadyAuthorized() {
        present(CARD);
        StartOutcome outcome = session.canStartRemotely(APP_USER, null);
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).contains("already");
    }

    @Test
    void F01_FR_24_rejectedWhileACardIsChecked() {
        fx.holdAuthorizations = true;
        present(CARD);
        assertThat(session.canStartRemotely(APP_USER, null).accepted()).isFalse();
        fx.releaseAuthorizations();
    }

    @Test
    void F01_FR_23_rejectedWhenUnavailable() {
        session.availabilityChanged(false);
        assertThat(session.canStartRemotely(APP_USER, null).accepted()).isFalse();
        assertThat(session.canStartRemotely(APP_USER, null).reason()).contains("unavailable");
    }

    @Test
    void F01_FR_23_rejectedWhenFaulted() {
        fault("Isolation monitor tripped");
        assertThat(session.canStartRemotely(APP_USER, null).accepted()).isFalse();
    }

    @Test
    void aStartThatBecameImpossibleBeforeTheResponseWasSentIsDropped() {
        plugIn();
        assertThat(session.canStartRemotely(APP_USER, null).accepted()).isTrue();
        present(CARD); // the driver was quicker
        session.startRemotely(APP_USER, null, REMOTE_START_ID, false);
        fx.runDue();
        assertThat(session.authorizedBy(CARD)).isTrue();
        powerPathCloses();
        assertThat(event(0).triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(event(0).transactionInfo().remoteStartId()).isNull();
    }

    // ---- F03 ----

    @Test
    void F03_FR_03_remoteStopEndsWithRemote() {
        chargingWithCardFirst();
        assertThat(session.remoteStop("tx-1")).isTrue();
        fx.runDue();
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStop);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Remote);
        assertThat(ended.idToken()).isNull();
        assertThat(powerWanted()).isFalse();
        assertThat(phase()).isEqualTo(SessionPhase.FINISHED);
        assertThat(fx.view().stoppedReason()).isEqualTo("Remote");
        cabinetStops();
        assertThat(lastCommand()).as("E06.FR.10: a regular end releases the cable").isEqualTo("unlock");
    }

    @Test
    void F03_FR_08_unknownTransactionIsNotStopped() {
        chargingWithCardFirst();
        assertThat(session.remoteStop("tx-999")).isFalse();
        assertThat(session.hasTransaction()).isTrue();
        assertThat(session.runs("tx-1")).isTrue();
        assertThat(session.runs("tx-999")).isFalse();
    }

    @Test
    void F03_FR_02_evConnectedStopPoint_remoteStopIsAnUpdate_unplugEndsWithRemote() {
        fx.points("PowerPathClosed", "EVConnected");
        chargingWithCardFirst();
        assertThat(session.remoteStop("tx-1")).isTrue();
        fx.runDue();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Updated);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStop);
        assertThat(powerWanted()).isFalse();
        cabinetStops();
        unplug();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(lastEvent().transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Remote);
    }

    @Test
    void F03_remoteStopOfACableFirstTransactionNotYetAuthorized() {
        fx.points("EVConnected", "EVConnected,Authorized");
        plugIn();
        assertThat(session.remoteStop("tx-1")).isTrue();
        fx.runDue();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStop);
        assertThat(lastEvent().transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Remote);
    }

    @Test
    void F03_FR_02_remoteStopOfACableFirstTransaction_evConnectedStopPoint() {
        fx.points("EVConnected", "EVConnected");
        plugIn();
        assertThat(session.remoteStop("tx-1")).isTrue();
        fx.runDue();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Updated);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.RemoteStop);
        unplug();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(lastEvent().transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Remote);
    }

    // ---- TriggerMessage ----

    @Test
    void F06_triggerSendsAnUpdatedWithTriggerMeterValues() {
        assertThat(session.trigger()).as("no transaction").isFalse();
        chargingWithCardFirst();
        assertThat(session.trigger()).isTrue();
        TransactionEventRequest triggered = lastEvent();
        assertThat(triggered.triggerReason()).isEqualTo(TriggerReasonEnumType.Trigger);
        assertThat(triggered.meterValue()).singleElement()
                .satisfies(mv -> assertThat(mv.sampledValue().get(0).context()).isEqualTo(ReadingContextEnumType.Trigger));
        advance(Duration.ofSeconds(1));
    }
}
