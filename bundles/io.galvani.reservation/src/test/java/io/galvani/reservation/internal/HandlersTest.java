package io.galvani.reservation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.messages.CancelReservationRequest;
import io.galvani.ocpp.model.messages.CancelReservationResponse;
import io.galvani.ocpp.model.messages.ReserveNowResponse;
import io.galvani.ocpp.model.types.CancelReservationStatusEnumType;
import io.galvani.ocpp.model.types.ReserveNowStatusEnumType;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

/** ReserveNow and CancelReservation as the transport calls them: valid responses, EVSE holds only after the answer. */
class HandlersTest {
    private final FakeEffects fx = new FakeEffects();
    private final ReservationBook book = new ReservationBook(fx, new Settings(true, true));
    private final List<Runnable> afterResponse = new ArrayList<>();
    private final InboundCall call = new InboundCall() {
        @Override
        public String messageId() {
            return "m1";
        }

        @Override
        public String action() {
            return "ReserveNow";
        }

        @Override
        public void afterResponse(Runnable task) {
            afterResponse.add(task);
        }
    };
    private final ReservationDesk desk = new ReservationDesk() {
        @Override
        public Answer reserve(Reservation reservation) {
            return book.reserve(reservation);
        }

        @Override
        public boolean cancel(int reservationId) {
            return book.cancel(reservationId);
        }

        @Override
        public List<Reservation> reservations() {
            return book.list();
        }

        @Override
        public void afterAnswer() {
            book.refreshHolds();
        }
    };

    HandlersTest() {
        book.start(List.of());
        book.connectorChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false));
    }

    @Test
    void H01_FR_23_reserveNow_accepted_evseHeldOnlyOnceTheResponseIsOut() {
        ReserveNowResponse response = new ReserveNowHandler(desk)
                .handle(ReservationBookTest.request(1, 1, Duration.ofMinutes(5)), call);
        OcppSchemas.requireValid("ReserveNowResponse", response);
        assertThat(response.status()).isEqualTo(ReserveNowStatusEnumType.Accepted);
        assertThat(response.statusInfo()).isNull();
        assertThat(fx.held).isEmpty();
        afterResponse.forEach(Runnable::run);
        assertThat(fx.held).containsExactly(1);
    }

    @Test
    void reserveNow_refused_withReasonCodeAndDetail() {
        ReserveNowResponse response = new ReserveNowHandler(desk)
                .handle(ReservationBookTest.request(1, 7, Duration.ofMinutes(5)), call);
        OcppSchemas.requireValid("ReserveNowResponse", response);
        assertThat(response.status()).isEqualTo(ReserveNowStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("UnknownEvse");
        assertThat(response.statusInfo().additionalInfo()).isEqualTo("EVSE 7 does not exist");
    }

    @Test
    void H02_cancelReservation_acceptedThenReleased_unknownRejectedWithReason() {
        new ReserveNowHandler(desk).handle(ReservationBookTest.request(1, 1, Duration.ofMinutes(5)), call);
        afterResponse.forEach(Runnable::run);
        afterResponse.clear();
        CancelReservationHandler handler = new CancelReservationHandler(desk);

        CancelReservationResponse unknown = handler.handle(CancelReservationRequest.of(2), call);
        OcppSchemas.requireValid("CancelReservationResponse", unknown);
        assertThat(unknown.status()).isEqualTo(CancelReservationStatusEnumType.Rejected);
        assertThat(OcppJson.write(unknown)).contains("UnknownReservation");

        CancelReservationResponse known = handler.handle(CancelReservationRequest.of(1), call);
        OcppSchemas.requireValid("CancelReservationResponse", known);
        assertThat(known.status()).isEqualTo(CancelReservationStatusEnumType.Accepted);
        assertThat(fx.held).containsExactly(1);
        afterResponse.forEach(Runnable::run);
        assertThat(fx.held).isEmpty();
    }
}
