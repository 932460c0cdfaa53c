package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.transactions.api.Admission;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.TransactionGate;

/**
 * The {@link TransactionGate} whiteboard as a reservation profile uses it (H03, E03.FR.03): a refused
 * driver gets no session, an admitted one consumes the claim, and the first event reporting the driver's
 * idToken carries the reservationId, no later one.
 */
class TransactionGateTest extends SessionTestBase {
    static final int RESERVATION = 17;

    /** EVSE reserved for {@link #CARD} or its group FLEET. */
    private final TransactionGate reservedForCard = new TransactionGate() {
        @Override
        public Admission admit(int evseId, IdTokenType idToken, IdTokenType groupIdToken) {
            if (EvseSession.sameToken(idToken, CARD) || EvseSession.sameToken(groupIdToken, FLEET)) {
                return Admission.consume(RESERVATION);
            }
            return Admission.refuse("Reserved");
        }
    };

    @BeforeEach
    void reserved() {
        fx.gate = reservedForCard;
    }

    @Test
    void H03_aStrangersCardIsRefused_noSessionNoClaimUsed() {
        plugIn();
        present(STRANGER);
        assertThat(phase()).isEqualTo(SessionPhase.REJECTED);
        assertThat(session.view().message()).isEqualTo("Reserved");
        assertThat(fx.commands).doesNotContain("start");
        assertThat(fx.gateCalls).isEmpty();
        assertThat(events()).isEmpty();
    }

    @Test
    void H03_FR_01_theReservationsCard_consumesIt_andStartedCarriesTheReservationIdOnce() {
        plugIn();
        present(CARD);
        assertThat(fx.gateCalls).containsExactly("consumed " + RESERVATION);
        powerPathCloses();
        TransactionEventRequest started = event(0);
        assertThat(started.eventType()).isEqualTo(TransactionEventEnumType.Started);
        assertThat(started.reservationId()).as("H01.FR.15").isEqualTo(RESERVATION);
        assertThat(fx.gateCalls).containsExactly("consumed " + RESERVATION,
                "reported " + RESERVATION + " " + started.transactionInfo().transactionId());
        charging(50);
        present(CARD);
        assertThat(events().subList(1, events().size())).isNotEmpty().allSatisfy(e -> assertThat(e.reservationId()).isNull());
    }

    @Test
    void H03_FR_04_aCardOfTheReservationsGroup_mayUseIt() {
        plugIn();
        present(COLLEAGUE);
        powerPathCloses();
        assertThat(event(0).reservationId()).isEqualTo(RESERVATION);
    }

    @Test
    void E03_FR_03_cableFirstTransaction_theAuthorizingUpdateCarriesTheReservationId() {
        fx.points("EVConnected", "EVConnected");
        plugIn();
        assertThat(event(0).reservationId()).isNull();
        present(STRANGER);
        assertThat(events()).hasSize(1);
        present(CARD);
        TransactionEventRequest authorized = lastEvent();
        assertThat(authorized.triggerReason()).isEqualTo(TriggerReasonEnumType.Authorized);
        assertThat(authorized.reservationId()).isEqualTo(RESERVATION);
    }

    @Test
    void H03_remoteStart_refusedForAnotherToken_acceptedForTheReservationsToken() {
        StartOutcome refused = session.canStartRemotely(APP_USER, null);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.reason()).contains("Reserved");

        assertThat(session.canStartRemotely(CARD, null).accepted()).isTrue();
        session.startRemotely(CARD, null, 5, false);
        fx.runDue();
        plugIn();
        powerPathCloses();
        assertThat(event(0).reservationId()).isEqualTo(RESERVATION);
        assertThat(event(0).transactionInfo().remoteStartId()).isEqualTo(5);
    }

    @Test
    void aGateThatPasses_changesNothing() {
        fx.gate = (evse, token, group) -> Admission.pass();
        plugIn();
        present(STRANGER);
        powerPathCloses();
        assertThat(event(0).reservationId()).isNull();
        assertThat(fx.gateCalls).isEmpty();
    }
}
