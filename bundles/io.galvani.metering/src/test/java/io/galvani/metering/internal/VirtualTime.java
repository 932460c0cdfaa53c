package io.galvani.metering.internal;

import java.time.Duration;
import java.time.Instant;

import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.station.api.StationClock;

/**
 * Virtual time for the timing tests: the shared {@link VirtualScheduler} (tasks run only when the test
 * calls {@link #advance}, on the test's thread) and the station clock that goes with it: wall time =
 * start + elapsed virtual time + whatever {@link #adjustTo} moved it. Exact, and never sleeps.
 */
final class VirtualTime implements StationClock {
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private volatile Instant wallAtZero;

    VirtualTime(Instant start) {
        this.wallAtZero = start;
    }

    VirtualScheduler scheduler() {
        return scheduler;
    }

    @Override
    public Instant now() {
        return wallAtZero.plusNanos(scheduler.nanoTime());
    }

    /** The CSMS sets the clock: wall time jumps, the scheduler's (monotonic) time does not. */
    @Override
    public void adjustTo(Instant csmsTime) {
        wallAtZero = csmsTime.minusNanos(scheduler.nanoTime());
    }

    /** Runs what is due now. */
    void runDue() {
        scheduler.runDue();
    }

    /** Moves time forward by {@code d}, running every task at its time. */
    void advance(Duration d) {
        scheduler.advance(d);
    }

    /** Moves time forward until the wall clock shows {@code t}. */
    void advanceTo(Instant t) {
        advance(Duration.between(now(), t));
    }

    int pending() {
        return scheduler.pending();
    }
}
