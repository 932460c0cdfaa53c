package io.galvani.display.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/**
 * A session view as it arrived, with when it arrived, so that the time shown keeps running between two
 * updates (the transaction bundle need not send one while nothing but the time changes, e.g. paused).
 *
 * @param view          the view
 * @param atNanos       monotonic time of arrival
 * @param stationTimeAt the station clock at arrival, or null if there was no station clock
 */
record ReceivedSession(SessionView view, long atNanos, Instant stationTimeAt) {

    /** Phases in which the session's time runs on. */
    static final Set<SessionPhase> RUNNING = EnumSet.of(SessionPhase.CHARGING, SessionPhase.SUSPENDED_EV,
            SessionPhase.SUSPENDED_EVSE);

    /**
     * How long the session has been running as of {@code nowNanos}: {@link SessionView#elapsed()} plus the time
     * since it arrived while the session runs, as it was once finished. Only without {@code elapsed} is the
     * station clock used ({@code startedAt} to now, or to the arrival once finished). Null when neither is
     * known; never negative.
     */
    Duration elapsed(long nowNanos, Instant stationNow) {
        boolean running = view.phase() != null && RUNNING.contains(view.phase());
        if (view.elapsed() != null) {
            Duration since = running ? Duration.ofNanos(Math.max(0, nowNanos - atNanos)) : Duration.ZERO;
            return nonNegative(view.elapsed().plus(since));
        }
        if (view.startedAt() == null) {
            return null;
        }
        Instant end = running ? stationNow : stationTimeAt;
        return end == null ? null : nonNegative(Duration.between(view.startedAt(), end));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
