package io.galvani.reservation.internal;

import java.time.Duration;
import java.time.Instant;

import io.galvani.ocpp.model.types.ReservationUpdateStatusEnumType;

/** Everything the {@link ReservationBook} does to the world, so that its rules are tested without OSGi. */
interface ReservationEffects {

    /** The station clock (expiryDateTime is in CSMS time). */
    Instant now();

    /** Runs {@code task} once after {@code delay} on the reservation thread; the result cancels it. */
    Runnable schedule(Duration delay, Runnable task);

    /**
     * Stores {@code reservation} durably (data dir) before ReserveNow is answered Accepted.
     *
     * @throws RuntimeException when it could not be stored
     */
    void store(Reservation reservation);

    /**
     * Removes the stored reservation and, if {@code update} is not null, queues a ReservationStatusUpdate with
     * it, in one durable commit: a power cut loses neither, and the message waits for the CSMS across link drops.
     */
    void remove(int reservationId, ReservationUpdateStatusEnumType update);

    /** Claims the connectors of {@code evseId} as Reserved. */
    void hold(int evseId);

    /** Releases the claim of {@link #hold}. */
    void release(int evseId);
}
