package io.galvani.reservation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.messages.ReservationStatusUpdateRequest;
import io.galvani.ocpp.model.types.ReservationUpdateStatusEnumType;
import io.galvani.ocpp.testing.OcppSchemas;

/**
 * A fake world for the {@link ReservationBook}: virtual clock and scheduler, a store that keeps what a restart
 * would find (encoded as on disk), the ReservationStatusUpdates queued (each schema-validated) and the EVSEs held.
 */
final class FakeEffects implements ReservationEffects {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final VirtualScheduler scheduler = new VirtualScheduler();
    final Map<Integer, String> stored = new LinkedHashMap<>();
    final List<ReservationStatusUpdateRequest> updates = new ArrayList<>();
    final Set<Integer> held = new TreeSet<>();
    final List<String> holdLog = new ArrayList<>();
    boolean storageFails;

    @Override
    public Instant now() {
        return START.plus(scheduler.elapsed());
    }

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void store(Reservation reservation) {
        if (storageFails) {
            throw new IllegalStateException("disk full");
        }
        stored.put(reservation.id(), ReservationCodec.encode(reservation));
    }

    @Override
    public void remove(int reservationId, ReservationUpdateStatusEnumType update) {
        stored.remove(reservationId);
        if (update != null) {
            ReservationStatusUpdateRequest request = ReservationStatusUpdateRequest.of(reservationId, update);
            OcppSchemas.assertValid(request);
            updates.add(request);
        }
    }

    @Override
    public void hold(int evseId) {
        if (!held.add(evseId)) {
            throw new AssertionError("EVSE " + evseId + " held twice");
        }
        holdLog.add("hold " + evseId);
    }

    @Override
    public void release(int evseId) {
        if (!held.remove(evseId)) {
            throw new AssertionError("EVSE " + evseId + " released but not held");
        }
        holdLog.add("release " + evseId);
    }

    /** What a restart reads back from the store. */
    List<Reservation> reload() {
        return stored.values().stream().map(ReservationCodec::decode).toList();
    }
}
