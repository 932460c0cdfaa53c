package io.galvani.reservation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;

class ReservationCommandsTest {
    private final List<Reservation> reservations = new ArrayList<>();
    private final ReservationCommands commands = new ReservationCommands(new ReservationDesk() {
        @Override
        public Answer reserve(Reservation reservation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean cancel(int reservationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Reservation> reservations() {
            return reservations;
        }

        @Override
        public void afterAnswer() {
        }
    });

    @Test
    void listsReservationsWithTheIdTokenMasked() {
        assertThat(commands.list()).isEqualTo("no reservations");
        reservations.add(new Reservation(3, Instant.parse("2026-03-01T11:00:00Z"), 1, null,
                IdTokenType.of("04A2B3C4D5E6F7", IdTokenEnumType.ISO14443), null));
        reservations.add(new Reservation(4, Instant.parse("2026-03-01T12:00:00Z"), null, "cCCS2",
                IdTokenType.of("ABC", IdTokenEnumType.Central), null));
        assertThat(commands.list()).isEqualTo("reservation 3 (EVSE 1, until 2026-03-01T11:00:00Z, for ****E6F7)"
                + System.lineSeparator() + "reservation 4 (any EVSE, cCCS2, until 2026-03-01T12:00:00Z, for ****)");
    }
}
