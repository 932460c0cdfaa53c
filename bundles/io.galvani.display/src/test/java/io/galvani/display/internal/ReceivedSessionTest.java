package io.galvani.display.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

class ReceivedSessionTest {
    private static final Instant START = Views.START;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void running_theElapsedTimeGoesOnFromWhenTheViewArrived() {
        ReceivedSession r = new ReceivedSession(
                Views.charging(1, SessionPhase.CHARGING, 0.0, 0.0, null, Duration.ofSeconds(10)), 5 * SECOND, null);

        assertThat(r.elapsed(5 * SECOND, null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.elapsed(12 * SECOND, null)).isEqualTo(Duration.ofSeconds(17));
        assertThat(r.elapsed(0, null)).isEqualTo(Duration.ofSeconds(10)); // a clock going backwards adds nothing
    }

    @Test
    void pausedCountsAsRunning() {
        for (SessionPhase phase : new SessionPhase[] { SessionPhase.SUSPENDED_EV, SessionPhase.SUSPENDED_EVSE }) {
            ReceivedSession r = new ReceivedSession(
                    Views.charging(1, phase, 0.0, 0.0, null, Duration.ofSeconds(10)), 0, null);
            assertThat(r.elapsed(3 * SECOND, null)).isEqualTo(Duration.ofSeconds(13));
        }
    }

    @Test
    void finished_theElapsedTimeIsTheSessionsLength() {
        ReceivedSession r = new ReceivedSession(
                Views.finished(1, 0.0, Duration.ofMinutes(30), "Local", null), 0, null);

        assertThat(r.elapsed(3600 * SECOND, START.plusSeconds(7200))).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void withoutElapsed_theStationClockCountsFromTheStart() {
        ReceivedSession running = new ReceivedSession(
                Views.charging(1, SessionPhase.CHARGING, 0.0, 0.0, null, null), 0, START.plusSeconds(5));
        ReceivedSession done = new ReceivedSession(
                Views.finished(1, 0.0, null, "Local", null), 0, START.plusSeconds(90));

        assertThat(running.elapsed(0, START.plusSeconds(65))).isEqualTo(Duration.ofSeconds(65));
        assertThat(done.elapsed(0, START.plusSeconds(3600))).isEqualTo(Duration.ofSeconds(90));
        // a start in the future (the clock was adjusted backwards): zero, not negative
        assertThat(running.elapsed(0, START.minusSeconds(3))).isEqualTo(Duration.ZERO);
    }

    @Test
    void unknown_withoutElapsedAndWithoutClockOrStart() {
        ReceivedSession noClock = new ReceivedSession(
                Views.charging(1, SessionPhase.CHARGING, 0.0, 0.0, null, null), 0, null);
        SessionView noStart = new SessionView(1, SessionPhase.CHARGING, null, null, null, null, null, null, null,
                null, null, null);

        assertThat(noClock.elapsed(SECOND, null)).isNull();
        assertThat(new ReceivedSession(noStart, 0, START).elapsed(SECOND, START)).isNull();
    }
}
