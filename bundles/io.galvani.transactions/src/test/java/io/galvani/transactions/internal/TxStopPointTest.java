package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.transactions.api.SessionPhase;

/** The TxStopPoint values (E06.FR.02/03/06/07, E07), with the default start point. */
class TxStopPointTest extends SessionTestBase {

    @Test
    void E07_evConnectedOnly_cardStopIsAnUpdate_unplugEndsWithLocal() {
        fx.points("PowerPathClosed", "EVConnected");
        chargingWithCardFirst();

        present(CARD);
        TransactionEventRequest stop = lastEvent();
        assertThat(stop.eventType()).isEqualTo(TransactionEventEnumType.Updated);
        assertThat(stop.triggerReason()).isEqualTo(TriggerReasonEnumType.StopAuthorized);
        assertThat(stop.idToken()).as("E07.FR.02").isEqualTo(CARD);
        assertThat(powerWanted()).as("ending the authorization ends the energy").isFalse();
        assertThat(session.hasTransaction()).isTrue();
        assertThat(phase()).isEqualTo(SessionPhase.FINISHED);
        assertThat(fx.view().stoppedReason()).isEqualTo("Local");

        cabinetStops();
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.ChargingStateChanged);
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
        assertThat(lastCommand()).as("E07.FR.07: released so the driver can unplug").isEqualTo("unlock");

        unplug();
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.EVCommunicationLost);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Local);
        assertThat(ended.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Idle);
        assertThat(ended.idToken()).isNull();
    }

    @Test
    void evConnectedOnly_aNewAuthorizationResumesTheTransaction() {
        fx.points("PowerPathClosed", "EVConnected");
        chargingWithCardFirst();
        present(CARD);
        cabinetStops();
        present(CARD);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(lastEvent().idToken()).isEqualTo(CARD);
        assertThat(powerWanted()).isTrue();
        powerPathCloses();
        assertThat(events()).filteredOn(e -> e.eventType() == TransactionEventEnumType.Started).hasSize(1);
        unplug();
        assertThat(lastEvent().transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.EVDisconnected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Authorized", "PowerPathClosed" })
    void E06_FR_03_06_cardStopEndsTheTransaction(String stopPoint) {
        fx.points("PowerPathClosed", stopPoint);
        chargingWithCardFirst();
        present(CARD);
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.StopAuthorized);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Local);
        assertThat(ended.idToken()).isEqualTo(CARD);
        assertThat(powerWanted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Authorized", "PowerPathClosed", "EnergyTransfer" })
    void E09_unplugDeauthorizesAndSoEndsTheTransaction(String stopPoint) {
        fx.points("PowerPathClosed", stopPoint);
        chargingWithCardFirst();
        unplug();
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.EVCommunicationLost);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.EVDisconnected);
    }

    @Test
    void E06_FR_07_energyTransfer_theEvPausingEndsTheTransaction() {
        fx.points("PowerPathClosed", "EnergyTransfer");
        chargingWithCardFirst();
        int before = events().size();
        evWantsEnergy(false);
        assertThat(events()).as("one Ended, no Updated before it").hasSize(before + 1);
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.triggerReason()).isEqualTo(TriggerReasonEnumType.ChargingStateChanged);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.StoppedByEV);
        assertThat(ended.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEV);
        assertThat(powerWanted()).isFalse();
        assertThat(phase()).isEqualTo(SessionPhase.FINISHED);
        cabinetStops();
        evWantsEnergy(true);
        assertThat(session.hasTransaction()).as("no new transaction with the cable still in").isFalse();
        assertThat(powerWanted()).isFalse();
    }

    @Test
    void E06_FR_07_energyTransfer_evenAfterLessThanASecondOfEnergy() {
        fx.points("PowerPathClosed", "EnergyTransfer");
        chargingWithCardFirst(); // no time passes on the virtual clock
        cabinet(CabinetPhase.CHARGING, 0, 0); // the station's limit went to 0 W
        TransactionEventRequest ended = lastEvent();
        assertThat(ended.eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(ended.transactionInfo().stoppedReason()).isEqualTo(ReasonEnumType.Other);
        assertThat(ended.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.SuspendedEVSE);
    }

    @Test
    void energyTransfer_noEnergyYetIsNotAStop() {
        fx.points("EVConnected", "EnergyTransfer");
        plugIn();
        present(CARD);
        cableCheck();
        preCharge();
        assertThat(session.hasTransaction()).isTrue();
        charging(100);
        assertThat(session.hasTransaction()).isTrue();
        present(CARD);
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Ended);
        assertThat(lastEvent().triggerReason()).isEqualTo(TriggerReasonEnumType.StopAuthorized);
    }
}
