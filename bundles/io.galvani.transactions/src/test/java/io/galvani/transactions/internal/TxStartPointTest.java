package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.transactions.api.SessionPhase;

/** Each TxStartPoint value alone (E01.FR.01–06), with the default stop points. */
class TxStartPointTest extends SessionTestBase {

    @ParameterizedTest
    @ValueSource(strings = { "ParkingBayOccupancy", "EVConnected" })
    void E01_FR_01_02_theCableStartsTheTransaction(String point) {
        fx.points(point, "EVConnected,Authorized");
        plugIn();
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.CablePluggedIn);
        assertThat(started.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
        assertThat(started.evse()).isEqualTo(EVSEType.of(1).withConnectorId(1));
        assertThat(started.idToken()).isNull();
        assertThat(fx.commands).as("no energy before a driver is authorized").isEmpty();
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_AUTHORIZATION);
        assertThat(fx.view().transactionId()).isEqualTo("tx-1");

        present(CARD);
        TransactionEventRequest authorized = lastEvent();
        assertThat(authorized.eventType()).isEqualTo(TransactionEventEnumType.Updated);
        assertThat(authorized.triggerReason()).as("E02.FR.20").isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(authorized.idToken()).isEqualTo(CARD);
        assertThat(authorized.evse()).isNull();
        assertThat(fx.commands).containsExactly("lock", "start");

        powerPathCloses();
        assertThat(lastEvent().transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Charging);
        assertThat(events()).hasSize(3);
    }

    @Test
    void E01_FR_03_authorizedStartsTheTransactionBeforeTheCable() {
        fx.points("Authorized", "EVConnected,Authorized");
        present(CARD);
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(started.idToken()).isEqualTo(CARD);
        assertThat(started.evse()).as("no connector yet").isEqualTo(EVSEType.of(1));
        assertThat(started.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Idle);
        assertThat(phase()).isEqualTo(SessionPhase.WAITING_FOR_CABLE);

        plugIn();
        TransactionEventRequest plugged = lastEvent();
        assertThat(plugged.triggerReason()).isEqualTo(TriggerReasonEnumType.CablePluggedIn);
        assertThat(plugged.evse()).as("E01.FR.16").isEqualTo(EVSEType.of(1).withConnectorId(1));
        assertThat(plugged.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
        assertThat(plugged.idToken()).isNull();
        assertThat(fx.commands).containsExactly("lock", "start");

        powerPathCloses();
        assertThat(events()).extracting(TransactionEventRequest::eventType).containsExactly(
                TransactionEventEnumType.Started, TransactionEventEnumType.Updated, TransactionEventEnumType.Updated);
        assertThat(events()).filteredOn(e -> e.evse() != null && e.evse().connectorId() != null).hasSize(1);
    }

    @Test
    void E01_FR_03_authorizedAfterTheCable_powerOnlyOnceTheTransactionExists() {
        fx.points("Authorized", "EVConnected,Authorized");
        plugIn();
        assertThat(events()).isEmpty();
        present(CARD);
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.evse()).isEqualTo(EVSEType.of(1).withConnectorId(1));
        assertThat(started.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
        assertThat(fx.commands).containsExactly("lock", "start");
    }

    @ParameterizedTest
    @ValueSource(strings = { "PowerPathClosed", "DataSigned" })
    void E01_FR_05_thePowerPathStartsTheTransaction(String point) {
        // DataSigned: this meter cannot sign, so it is reached where the start value would be signed (TxPoint).
        fx.points(point, "EVConnected,Authorized");
        plugIn();
        present(CARD);
        cableCheck();
        assertThat(events()).isEmpty();
        preCharge();
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(started.idToken()).isEqualTo(CARD);
        assertThat(started.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.EVConnected);
    }

    @Test
    void E01_FR_06_energyFlowStartsTheTransaction() {
        fx.points("EnergyTransfer", "EVConnected,Authorized");
        present(CARD);
        plugIn();
        cableCheck();
        preCharge();
        charging(0);
        assertThat(events()).as("contactors closed, no current yet").isEmpty();
        charging(40);
        TransactionEventRequest started = lastEvent();
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(started.idToken()).isEqualTo(CARD);
        assertThat(started.evse()).isEqualTo(EVSEType.of(1).withConnectorId(1));
        assertThat(started.transactionInfo().chargingState()).isEqualTo(ChargingStateEnumType.Charging);
        assertThat(events()).hasSize(1);
    }

    @Test
    void settingsChangedLive_aPluggedCableStartsOnceEVConnectedIsAStartPoint() {
        plugIn();
        assertThat(events()).isEmpty();
        fx.points("EVConnected", "EVConnected,Authorized");
        session.settingsChanged();
        assertThat(lastEvent().eventType()).isEqualTo(TransactionEventEnumType.Started);
    }
}
