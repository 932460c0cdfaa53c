package io.galvani.reservation.internal;

/** What this bundle's OCPP handlers ask of the {@link ReservationComponent}. Internal service. */
public interface ReservationDesk {

    /** ReserveNow: the answer; when Accepted the reservation is stored and its holds follow {@link #afterAnswer}. */
    Answer reserve(Reservation reservation);

    /** CancelReservation: whether the reservation existed (now cancelled). */
    boolean cancel(int reservationId);

    /** The reservations in force, oldest first. */
    java.util.List<Reservation> reservations();

    /** Once the response is out: claim or release EVSEs so StatusNotification follows the answer (H01.FR.23). */
    void afterAnswer();
}
