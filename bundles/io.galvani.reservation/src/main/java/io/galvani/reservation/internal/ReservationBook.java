package io.galvani.reservation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.ReservationUpdateStatusEnumType;
import io.galvani.ocpp.model.types.ReserveNowStatusEnumType;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.Admission;

/**
 * The station's reservations and their rules (OCPP 2.0.1 H01-H04): which ReserveNow is accepted and
 * with which status it is refused, which EVSEs are held Reserved, who may use a reserved EVSE, and
 * when a reservation ends (expired, removed because its EVSE failed, cancelled, consumed by its driver).
 *
 * <p>It knows the connectors only from the station's listener events. Thread-safe by one lock: the
 * transaction thread asks {@link #admit}, the reservation thread does everything else; every method
 * returns in milliseconds (a durable commit at most).
 *
 * <p>EVSE held Reserved: each EVSE of a specific reservation, and each free EVSE without which the
 * floating reservations (no evseId) could no longer all be served (H01.FR.20/24: when as many EVSEs are
 * free as there are floating reservations, all of them).
 */
final class ReservationBook {
    private static final Logger logger = LoggerFactory.getLogger(ReservationBook.class);
    /** Expiry is checked at least this often, so that a clock adjusted to the CSMS's time is followed. */
    static final Duration MAX_TIMER = Duration.ofSeconds(30);
    static final String REFUSAL = "Reserved";

    /** What an EVSE offers to a new reservation. */
    private enum EvseState {
        FREE, OCCUPIED, FAULTED, UNAVAILABLE
    }

    private final ReservationEffects fx;
    /** By id, oldest first: when floating reservations can no longer all be served, the newest go first. */
    private final Map<Integer, Reservation> reservations = new LinkedHashMap<>();
    /** EVSE id to its connectors (by connector id) as last reported. */
    private final Map<Integer, Map<Integer, ConnectorView>> evses = new TreeMap<>();
    private final Set<Integer> held = new TreeSet<>();
    private Settings settings;
    private Runnable expiryTimer = () -> { };
    private boolean stopped;

    ReservationBook(ReservationEffects effects, Settings settings) {
        this.fx = effects;
        this.settings = settings;
    }

    /** Takes over the stored reservations; those that expired meanwhile end now (H04.FR.01). */
    synchronized void start(Collection<Reservation> stored) {
        stored.forEach(r -> reservations.put(r.id(), r));
        logger.info("{} stored reservation(s)", stored.size());
        expireDue();
        refreshHolds();
    }

    /** Releases every hold and stops the timer; the reservations stay stored for the next start. */
    synchronized void stop() {
        stopped = true;
        expiryTimer.run();
        held.forEach(fx::release);
        held.clear();
    }

    synchronized void settingsChanged(Settings next) {
        settings = next;
    }

    synchronized List<Reservation> list() {
        return List.copyOf(reservations.values());
    }

    // ---- ReserveNow (H01) and CancelReservation (H02) ----

    /**
     * Decides a ReserveNow and, when accepted, stores it (replacing one with the same id, H01.FR.02). The EVSE
     * holds follow with {@link #refreshHolds} once the response is out.
     */
    synchronized Answer reserve(Reservation r) {
        if (!settings.enabled()) {
            return Answer.rejected("Disabled", "ReservationCtrlr.Enabled is false"); // H01.FR.01
        }
        if (r.expiredAt(fx.now())) {
            return Answer.rejected("InvalidValue", "expiryDateTime " + r.expiry() + " is not in the future");
        }
        Answer answer = r.specific() ? decideSpecific(r) : decideFloating(r);
        if (answer.status() != ReserveNowStatusEnumType.Accepted) {
            logger.info("ReserveNow {} answered {}: {}", r.id(), answer.status().value(), answer.detail());
            return answer;
        }
        try {
            fx.store(r);
        } catch (RuntimeException e) {
            logger.error("Reservation {} could not be stored; rejected", r.id(), e);
            return Answer.rejected("InternalError", "the reservation could not be stored");
        }
        Reservation replaced = reservations.remove(r.id());
        reservations.put(r.id(), r);
        logger.info("{} {}", replaced == null ? "Accepted" : "Replaced by", r);
        scheduleExpiry();
        return Answer.ACCEPTED;
    }

    private Answer decideSpecific(Reservation r) {
        int evseId = r.evseId();
        if (evseId <= 0 || !evses.containsKey(evseId)) {
            return Answer.rejected("UnknownEvse", "EVSE " + evseId + " does not exist");
        }
        if (r.connectorType() != null && !offers(evseId, r.connectorType())) {
            return Answer.rejected("UnknownConnectorType", "EVSE " + evseId + " has no connector of type "
                    + r.connectorType());
        }
        EvseState state = state(evseId, r.id());
        if (state == EvseState.FREE) {
            Set<Integer> free = free(r.id());
            free.remove(evseId);
            if (!EvseMatcher.allServed(floating(r.id(), null), free, this::targets)) {
                return Answer.of(ReserveNowStatusEnumType.Occupied, "Reserved",
                        "EVSE " + evseId + " is kept free for a reservation without EVSE");
            }
            return Answer.ACCEPTED;
        }
        return refusal(List.of(state), "EVSE " + evseId);
    }

    private Answer decideFloating(Reservation r) {
        if (!settings.nonEvseSpecific()) {
            return Answer.rejected("NoEvse", "ReservationCtrlr.NonEvseSpecific is false: an evseId is required");
        }
        List<Integer> targeted = evses.keySet().stream().filter(e -> targets(r, e)).toList();
        if (targeted.isEmpty()) {
            return Answer.rejected("UnknownConnectorType", "no EVSE has a connector of type " + r.connectorType());
        }
        if (EvseMatcher.allServed(floating(r.id(), r), free(r.id()), this::targets)) {
            return Answer.ACCEPTED;
        }
        return refusal(targeted.stream().map(e -> state(e, r.id())).toList(),
                r.connectorType() == null ? "every EVSE" : "every EVSE with " + r.connectorType());
    }

    /** H01.FR.11/12/14: Occupied if a targeted EVSE is busy or reserved, Faulted if all are faulted, else Unavailable. */
    private static Answer refusal(List<EvseState> states, String what) {
        if (states.contains(EvseState.OCCUPIED) || states.contains(EvseState.FREE)) {
            return Answer.of(ReserveNowStatusEnumType.Occupied, "Occupied", what + ": occupied or reserved");
        }
        if (states.stream().allMatch(s -> s == EvseState.FAULTED)) {
            return Answer.of(ReserveNowStatusEnumType.Faulted, "Faulted", what + ": faulted");
        }
        return Answer.of(ReserveNowStatusEnumType.Unavailable, "Unavailable", what + ": unavailable");
    }

    /** CancelReservation: whether it existed (H02.FR.01/02); its EVSE is released by {@link #refreshHolds}. */
    synchronized boolean cancel(int reservationId) {
        Reservation r = reservations.get(reservationId);
        if (r == null) {
            return false;
        }
        end(r, null, "cancelled by the CSMS");
        return true;
    }

    // ---- using a reservation (H03) ----

    /**
     * The {@link io.galvani.transactions.api.TransactionGate} decision: the reservation's idToken or a token of
     * its group consumes it (H03.FR.01-06, H03.FR.09); anybody else is refused on an EVSE reserved for someone
     * else, including a free EVSE the floating reservations need (H01.FR.07/09).
     */
    synchronized Admission admit(int evseId, IdTokenType token, IdTokenType group) {
        Instant now = fx.now();
        Optional<Reservation> specific = reservations.values().stream()
                .filter(r -> r.specific() && r.evseId() == evseId && !r.expiredAt(now)).findFirst();
        if (specific.isPresent()) {
            return specific.get().heldFor(token, group) ? Admission.consume(specific.get().id())
                    : Admission.refuse(REFUSAL);
        }
        Optional<Reservation> own = reservations.values().stream()
                .filter(r -> !r.specific() && !r.expiredAt(now) && targets(r, evseId) && r.heldFor(token, group))
                .findFirst();
        if (own.isPresent()) {
            return Admission.consume(own.get().id());
        }
        if (critical(evseId)) {
            return Admission.refuse(REFUSAL);
        }
        return Admission.pass();
    }

    /** The driver admitted with it uses the reservation: it ends without a ReservationStatusUpdate (H03.FR.09). */
    synchronized void consumed(int evseId, int reservationId) {
        Reservation r = reservations.get(reservationId);
        if (r == null) {
            logger.info("Reservation {} used on EVSE {} had already ended", reservationId, evseId);
            return;
        }
        end(r, null, "used on EVSE " + evseId);
        refreshHolds(); // H03.FR.10: the connector becomes Available, or Occupied with a cable in
    }

    // ---- the station's connectors (H01.FR.16/17) ----

    synchronized void connectorChanged(ConnectorView view) {
        evses.computeIfAbsent(view.evseId(), id -> new TreeMap<>()).put(view.connectorId(), view);
        if ((view.status() == ConnectorStatus.Faulted || view.status() == ConnectorStatus.Unavailable)
                && evses.get(view.evseId()).values().stream().allMatch(ReservationBook::outOfService)) {
            String why = "EVSE " + view.evseId() + " became " + view.status();
            for (Reservation r : List.copyOf(reservations.values())) {
                if (r.specific() && r.evseId() == view.evseId()) {
                    end(r, ReservationUpdateStatusEnumType.Removed, why);
                }
            }
            // Floating reservations that no free EVSE is left for end too, the newest first.
            List<Reservation> floating = new ArrayList<>(floating(null, null));
            while (!floating.isEmpty() && !EvseMatcher.allServed(floating, free(null), this::targets)) {
                end(floating.remove(floating.size() - 1), ReservationUpdateStatusEnumType.Removed, why);
            }
        }
        refreshHolds();
    }

    // ---- expiry (H04) ----

    synchronized void expireDue() {
        if (stopped) {
            return;
        }
        Instant now = fx.now();
        for (Reservation r : List.copyOf(reservations.values())) {
            if (r.expiredAt(now)) {
                end(r, ReservationUpdateStatusEnumType.Expired, "expired");
            }
        }
        refreshHolds(); // H04.FR.02/03: Available again before the ReservationStatusUpdate is delivered
        scheduleExpiry();
    }

    private void scheduleExpiry() {
        expiryTimer.run();
        Optional<Instant> next = reservations.values().stream().map(Reservation::expiry).min(Instant::compareTo);
        if (next.isEmpty() || stopped) {
            expiryTimer = () -> { };
            return;
        }
        Duration delay = Duration.between(fx.now(), next.get());
        delay = delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX_TIMER) > 0 ? MAX_TIMER : delay;
        expiryTimer = fx.schedule(delay, this::expireDue);
    }

    // ---- holds ----

    /** Claims exactly the EVSEs that must show Reserved now, releasing the others. */
    synchronized void refreshHolds() {
        if (stopped) {
            return;
        }
        Set<Integer> wanted = new TreeSet<>();
        reservations.values().stream().filter(Reservation::specific).forEach(r -> wanted.add(r.evseId()));
        evses.keySet().stream().filter(this::critical).forEach(wanted::add);
        for (Integer evse : List.copyOf(held)) {
            if (!wanted.contains(evse)) {
                held.remove(evse);
                fx.release(evse);
            }
        }
        for (Integer evse : wanted) {
            if (held.add(evse)) {
                fx.hold(evse);
            }
        }
    }

    // ---- helpers ----

    private void end(Reservation r, ReservationUpdateStatusEnumType update, String why) {
        reservations.remove(r.id());
        logger.info("{} ended: {}", r, why);
        try {
            fx.remove(r.id(), update);
        } catch (RuntimeException e) {
            // It stays stored: the next start finds it and ends it then (expired, or at its expiry).
            logger.error("Could not store the end of reservation {}", r.id(), e);
        }
        scheduleExpiry();
    }

    /** A free EVSE the floating reservations cannot do without. */
    private boolean critical(int evseId) {
        List<Reservation> floating = floating(null, null);
        if (floating.isEmpty() || state(evseId, null) != EvseState.FREE) {
            return false;
        }
        Set<Integer> others = free(null);
        others.remove(evseId);
        return !EvseMatcher.allServed(floating, others, this::targets);
    }

    /** Floating reservations except {@code ignoring}, plus {@code extra}. */
    private List<Reservation> floating(Integer ignoring, Reservation extra) {
        List<Reservation> result = new ArrayList<>();
        reservations.values().stream().filter(r -> !r.specific() && !r.expiredAt(fx.now()))
                .filter(r -> ignoring == null || r.id() != ignoring).forEach(result::add);
        if (extra != null) {
            result.add(extra);
        }
        return result;
    }

    private Set<Integer> free(Integer ignoring) {
        Set<Integer> free = new TreeSet<>();
        evses.keySet().stream().filter(e -> state(e, ignoring) == EvseState.FREE).forEach(free::add);
        return free;
    }

    /**
     * What EVSE {@code evseId} offers, not counting reservation {@code ignoring} (the one a ReserveNow replaces).
     * Reserved connectors count as free: the only claims are this bundle's, and which EVSE a reservation
     * holds is decided here, not by the (possibly stale) status.
     */
    private EvseState state(int evseId, Integer ignoring) {
        Instant now = fx.now();
        boolean reservedForOther = reservations.values().stream().anyMatch(r -> r.specific()
                && r.evseId() == evseId && (ignoring == null || r.id() != ignoring) && !r.expiredAt(now));
        Collection<ConnectorView> connectors = evses.getOrDefault(evseId, Map.of()).values();
        if (reservedForOther || connectors.stream().anyMatch(c -> c.status() == ConnectorStatus.Occupied)) {
            return EvseState.OCCUPIED;
        }
        if (connectors.stream().anyMatch(c -> c.status() == ConnectorStatus.Available
                || c.status() == ConnectorStatus.Reserved)) {
            return EvseState.FREE;
        }
        if (!connectors.isEmpty() && connectors.stream().allMatch(c -> c.status() == ConnectorStatus.Faulted)) {
            return EvseState.FAULTED;
        }
        return EvseState.UNAVAILABLE;
    }

    private boolean targets(Reservation r, int evseId) {
        return r.connectorType() == null || offers(evseId, r.connectorType());
    }

    private boolean offers(int evseId, String connectorType) {
        return evses.getOrDefault(evseId, Map.of()).values().stream().anyMatch(c -> connectorType.equals(c.type()));
    }

    private static boolean outOfService(ConnectorView c) {
        return c.status() == ConnectorStatus.Faulted || c.status() == ConnectorStatus.Unavailable;
    }
}
