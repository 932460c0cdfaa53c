package io.galvani.reservation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.messages.ReserveNowRequest;
import io.galvani.ocpp.model.messages.ReserveNowResponse;
import io.galvani.ocpp.model.types.ConnectorEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.ReservationUpdateStatusEnumType;
import io.galvani.ocpp.model.types.ReserveNowStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.Admission;

/** The reservation rules (H01-H04) against a fake world with a virtual clock; named by requirement. */
class ReservationBookTest {
    static final IdTokenType DRIVER = IdTokenType.of("04A2B3C4D5E6F7", IdTokenEnumType.ISO14443);
    static final IdTokenType COLLEAGUE = IdTokenType.of("04AABBCCDD0011", IdTokenEnumType.ISO14443);
    static final IdTokenType STRANGER = IdTokenType.of("0499887766554433", IdTokenEnumType.ISO14443);
    static final IdTokenType FLEET = IdTokenType.of("FLEET-ACME", IdTokenEnumType.Central);
    static final IdTokenType OTHER_FLEET = IdTokenType.of("FLEET-OTHER", IdTokenEnumType.Central);

    final FakeEffects fx = new FakeEffects();
    ReservationBook book = new ReservationBook(fx, new Settings(true, true));

    @BeforeEach
    void twoEvses() {
        book.start(List.of());
        connector(1, "cCCS2", ConnectorStatus.Available);
        connector(2, "cCCS2", ConnectorStatus.Available);
        connector(3, "cG105", ConnectorStatus.Available);
    }

    // ---- given / when ----

    void connector(int evse, String type, ConnectorStatus status) {
        book.connectorChanged(new ConnectorView(evse, 1, type, status, false));
    }

    static ReserveNowRequest request(int id, Integer evseId, Duration validFor) {
        return ReserveNowRequest.of(id, FakeEffects.START.plus(validFor), DRIVER).withEvseId(evseId)
                .withGroupIdToken(FLEET);
    }

    Answer reserve(ReserveNowRequest request) {
        OcppSchemas.assertValid(request);
        Answer answer = book.reserve(Reservation.of(request));
        // Every answer as it goes on the wire must be a valid ReserveNowResponse.
        ReserveNowResponse response = ReserveNowResponse.of(answer.status());
        if (answer.reasonCode() != null) {
            response = response.withStatusInfo(StatusInfoType.of(answer.reasonCode())
                    .withAdditionalInfo(ReserveNowHandler.truncate(answer.detail())));
        }
        OcppSchemas.assertValid("ReserveNowResponse", OcppJson.write(response));
        book.refreshHolds(); // after the response
        return answer;
    }

    ReserveNowStatusEnumType reserveEvse(int id, int evse) {
        return reserve(request(id, evse, Duration.ofMinutes(15))).status();
    }

    ReserveNowStatusEnumType reserveAny(int id) {
        return reserve(request(id, null, Duration.ofMinutes(15))).status();
    }

    void advance(Duration d) {
        fx.scheduler.advance(d);
    }

    // ---- H01 ----

    @Test
    void H01_FR_23_availableEvse_acceptedStoredAndHeldReserved() {
        assertThat(reserveEvse(1, 1)).isEqualTo(ReserveNowStatusEnumType.Accepted);
        assertThat(fx.held).containsExactly(1);
        assertThat(fx.reload()).singleElement().satisfies(r -> {
            assertThat(r.evseId()).isEqualTo(1);
            assertThat(r.groupIdToken()).isEqualTo(FLEET);
        });
    }

    @Test
    void H01_FR_01_disabled_rejected() {
        book.settingsChanged(new Settings(false, true));
        Answer answer = reserve(request(1, 1, Duration.ofMinutes(5)));
        assertThat(answer.status()).isEqualTo(ReserveNowStatusEnumType.Rejected);
        assertThat(answer.detail()).contains("Enabled");
        assertThat(fx.held).isEmpty();
        assertThat(fx.stored).isEmpty();
    }

    @Test
    void H01_FR_02_sameIdReplacesTheReservation_theHoldMoves() {
        reserveEvse(7, 1);
        assertThat(reserveEvse(7, 2)).isEqualTo(ReserveNowStatusEnumType.Accepted);
        assertThat(fx.held).containsExactly(2);
        assertThat(fx.holdLog).containsExactly("hold 1", "release 1", "hold 2");
        assertThat(book.list()).singleElement().extracting(Reservation::evseId).isEqualTo(2);
        // Replacing it on its own EVSE is accepted too: the old one does not block the new one.
        assertThat(reserveEvse(7, 2)).isEqualTo(ReserveNowStatusEnumType.Accepted);
    }

    @Test
    void H01_FR_11_occupiedOrReservedEvse_occupied() {
        reserveEvse(1, 1);
        assertThat(reserveEvse(2, 1)).isEqualTo(ReserveNowStatusEnumType.Occupied);
        connector(2, "cCCS2", ConnectorStatus.Occupied);
        assertThat(reserveEvse(3, 2)).isEqualTo(ReserveNowStatusEnumType.Occupied);
    }

    @Test
    void H01_FR_12_and_14_faultedOrUnavailableEvse() {
        connector(1, "cCCS2", ConnectorStatus.Faulted);
        connector(2, "cCCS2", ConnectorStatus.Unavailable);
        assertThat(reserveEvse(1, 1)).isEqualTo(ReserveNowStatusEnumType.Faulted);
        assertThat(reserveEvse(2, 2)).isEqualTo(ReserveNowStatusEnumType.Unavailable);
    }

    @Test
    void badRequests_rejectedWithTheReason() {
        Answer unknown = reserve(request(1, 9, Duration.ofMinutes(5)));
        assertThat(unknown).isEqualTo(Answer.rejected("UnknownEvse", "EVSE 9 does not exist"));
        Answer past = reserve(request(2, 1, Duration.ofSeconds(-1)));
        assertThat(past.status()).isEqualTo(ReserveNowStatusEnumType.Rejected);
        assertThat(past.detail()).contains("not in the future");
        Answer wrongType = reserve(request(3, 1, Duration.ofMinutes(5)).withConnectorType(ConnectorEnumType.cType2));
        assertThat(wrongType.reasonCode()).isEqualTo("UnknownConnectorType");
        fx.storageFails = true;
        assertThat(reserve(request(4, 1, Duration.ofMinutes(5))).reasonCode()).isEqualTo("InternalError");
        assertThat(book.list()).isEmpty();
        assertThat(fx.held).isEmpty();
    }

    @Test
    void H01_FR_19_noEvse_rejectedWhenNonEvseSpecificIsFalse() {
        book.settingsChanged(new Settings(true, false));
        Answer answer = reserve(request(1, null, Duration.ofMinutes(5)));
        assertThat(answer.status()).isEqualTo(ReserveNowStatusEnumType.Rejected);
        assertThat(answer.detail()).contains("NonEvseSpecific");
    }

    @Test
    void H01_FR_04_07_20_noEvse_acceptedWhileAnEvseIsFree_heldWhenAsManyAreFreeAsReserved() {
        assertThat(reserveAny(1)).isEqualTo(ReserveNowStatusEnumType.Accepted);
        assertThat(fx.held).as("three free EVSEs for one reservation: none held").isEmpty();
        assertThat(reserveAny(2)).isEqualTo(ReserveNowStatusEnumType.Accepted);
        assertThat(reserveAny(3)).isEqualTo(ReserveNowStatusEnumType.Accepted);
        assertThat(fx.held).as("H01.FR.20").containsExactly(1, 2, 3);
        assertThat(reserveAny(4)).isEqualTo(ReserveNowStatusEnumType.Occupied);
        assertThat(reserveEvse(5, 1)).as("EVSE 1 is needed for the floating ones")
                .isEqualTo(ReserveNowStatusEnumType.Occupied);
    }

    @Test
    void H01_FR_07_aStrangerMayNotTakeTheLastEvseAFloatingReservationNeeds() {
        connector(2, "cCCS2", ConnectorStatus.Occupied);
        connector(3, "cG105", ConnectorStatus.Occupied);
        reserveAny(1);
        assertThat(fx.held).containsExactly(1);
        assertThat(book.admit(1, STRANGER, OTHER_FLEET)).isEqualTo(Admission.refuse("Reserved"));
        assertThat(book.admit(1, COLLEAGUE, FLEET)).as("H03.FR.06").isEqualTo(Admission.consume(1));
        connector(3, "cG105", ConnectorStatus.Available);
        assertThat(book.admit(1, STRANGER, OTHER_FLEET)).as("another EVSE is free again").isEqualTo(Admission.pass());
        assertThat(fx.held).isEmpty();
    }

    @Test
    void H01_FR_06_09_24_connectorType_servedOnlyByEvsesOfThatType() {
        ReserveNowRequest chademo = request(1, null, Duration.ofMinutes(15)).withConnectorType(ConnectorEnumType.cG105);
        assertThat(reserve(chademo).status()).isEqualTo(ReserveNowStatusEnumType.Accepted);
        assertThat(fx.held).as("H01.FR.24: the only CHAdeMO EVSE").containsExactly(3);
        assertThat(book.admit(3, STRANGER, null)).isEqualTo(Admission.refuse("Reserved"));
        assertThat(book.admit(1, STRANGER, null)).isEqualTo(Admission.pass());
        assertThat(book.admit(1, DRIVER, null)).as("H03.FR.02: only on an EVSE of that type")
                .isEqualTo(Admission.pass());
        assertThat(book.admit(3, DRIVER, null)).isEqualTo(Admission.consume(1));
        ReserveNowRequest second = request(2, null, Duration.ofMinutes(15)).withConnectorType(ConnectorEnumType.cG105);
        assertThat(reserve(second).status()).isEqualTo(ReserveNowStatusEnumType.Occupied);
        ReserveNowRequest type2 = request(3, null, Duration.ofMinutes(15)).withConnectorType(ConnectorEnumType.cType2);
        assertThat(reserve(type2).reasonCode()).isEqualTo("UnknownConnectorType");
    }

    @Test
    void H01_FR_16_faultedEvse_reservationRemoved_withStatusUpdate() {
        reserveEvse(1, 1);
        connector(1, "cCCS2", ConnectorStatus.Faulted);
        assertThat(fx.updates).singleElement().satisfies(u -> {
            assertThat(u.reservationId()).isEqualTo(1);
            assertThat(u.reservationUpdateStatus()).isEqualTo(ReservationUpdateStatusEnumType.Removed);
        });
        assertThat(book.list()).isEmpty();
        assertThat(fx.stored).isEmpty();
        assertThat(fx.held).isEmpty();
    }

    @Test
    void H01_FR_17_unavailableEvses_floatingReservationsTheyCannotServeRemoved_newestFirst() {
        reserveAny(1);
        reserveAny(2);
        connector(1, "cCCS2", ConnectorStatus.Unavailable);
        assertThat(fx.updates).isEmpty();
        connector(2, "cCCS2", ConnectorStatus.Unavailable);
        assertThat(fx.updates).singleElement().satisfies(u -> assertThat(u.reservationId()).isEqualTo(2));
        assertThat(book.list()).extracting(Reservation::id).containsExactly(1);
        assertThat(fx.held).containsExactly(3);
    }

    // ---- H02 ----

    @Test
    void H02_cancel_knownAccepted_unknownRejected_noStatusUpdate() {
        reserveEvse(1, 1);
        assertThat(book.cancel(2)).as("H02.FR.01").isFalse();
        assertThat(book.cancel(1)).as("H02.FR.02").isTrue();
        book.refreshHolds();
        assertThat(fx.held).as("H02.FR.03").isEmpty();
        assertThat(fx.stored).isEmpty();
        assertThat(fx.updates).isEmpty();
        assertThat(book.admit(1, STRANGER, null)).isEqualTo(Admission.pass());
    }

    // ---- H03 ----

    @Test
    void H03_reservedEvse_itsTokenOrGroupConsumesIt_anybodyElseRefused() {
        reserveEvse(1, 1);
        assertThat(book.admit(1, STRANGER, OTHER_FLEET)).isEqualTo(Admission.refuse("Reserved"));
        assertThat(book.admit(1, STRANGER, null)).isEqualTo(Admission.refuse("Reserved"));
        assertThat(book.admit(2, STRANGER, null)).as("another EVSE").isEqualTo(Admission.pass());
        assertThat(book.admit(1, IdTokenType.of("04a2b3c4d5e6f7", IdTokenEnumType.ISO14443), null))
                .as("H03.FR.01, idTokens are case-insensitive").isEqualTo(Admission.consume(1));
        assertThat(book.admit(1, COLLEAGUE, FLEET)).as("H03.FR.04").isEqualTo(Admission.consume(1));

        book.consumed(1, 1);
        assertThat(fx.held).as("H03.FR.10").isEmpty();
        assertThat(fx.stored).isEmpty();
        assertThat(fx.updates).as("the TransactionEvent reports it, not a ReservationStatusUpdate").isEmpty();
        assertThat(book.admit(1, STRANGER, null)).isEqualTo(Admission.pass());
    }

    // ---- H04 ----

    @Test
    void H04_expiry_statusUpdateExpired_andTheEvseAvailableAgain() {
        reserveEvse(1, 1);
        reserve(request(2, null, Duration.ofMinutes(40)));
        advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(fx.updates).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(fx.updates).singleElement().satisfies(u -> {
            assertThat(u.reservationId()).isEqualTo(1);
            assertThat(u.reservationUpdateStatus()).isEqualTo(ReservationUpdateStatusEnumType.Expired);
        });
        assertThat(fx.held).as("H04.FR.02/03").isEmpty();
        advance(Duration.ofMinutes(25));
        assertThat(fx.updates).extracting(u -> u.reservationId()).containsExactly(1, 2);
        assertThat(book.list()).isEmpty();
        assertThat(fx.scheduler.pending()).as("no timer left").isZero();
    }

    // ---- restart (B01.FR.07, reservations persist) ----

    @Test
    void restart_storedReservationsHeldAgain_thoseExpiredMeanwhileEndWithExpired() {
        reserveEvse(1, 1);
        reserve(request(2, 2, Duration.ofMinutes(30)));
        book.stop();
        assertThat(fx.held).as("a stopped book holds nothing").isEmpty();

        fx.scheduler.advance(Duration.ofMinutes(20)); // the station was off
        book = new ReservationBook(fx, new Settings(true, true));
        book.start(fx.reload());
        assertThat(fx.updates).singleElement().satisfies(u -> assertThat(u.reservationId()).isEqualTo(1));
        assertThat(fx.held).containsExactly(2);
        connector(2, "cCCS2", ConnectorStatus.Reserved);
        assertThat(book.admit(2, STRANGER, null)).isEqualTo(Admission.refuse("Reserved"));
        advance(Duration.ofMinutes(10));
        assertThat(fx.updates).extracting(u -> u.reservationId()).containsExactly(1, 2);
    }

    @Test
    void storedFormat_roundTrips_andAnUnknownVersionIsRefused() {
        Reservation r = Reservation.of(request(5, 2, Duration.ofMinutes(5))
                .withConnectorType(ConnectorEnumType.cCCS2));
        assertThat(ReservationCodec.decode(ReservationCodec.encode(r))).isEqualTo(r);
        Reservation bare = new Reservation(6, Instant.parse("2026-03-01T11:00:00Z"), null, null, DRIVER, null);
        assertThat(ReservationCodec.decode(ReservationCodec.encode(bare))).isEqualTo(bare);
        assertThatThrownBy(() -> ReservationCodec.decode(ReservationCodec.encode(r).replace("\"version\":1",
                "\"version\":9"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        assertThat(r.toString()).doesNotContain(DRIVER.idToken()).contains("****E6F7");
    }
}
