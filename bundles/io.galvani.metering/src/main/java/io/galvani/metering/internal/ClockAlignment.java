package io.galvani.metering.internal;

import java.time.Instant;

/**
 * The boundaries of clock-aligned data (AlignedDataCtrlr.Interval, Part 2 §2.7.12): "evenly spaced
 * intervals per day, starting at 00:00:00 (midnight)", midnight UTC. An interval that does not divide a
 * day evenly restarts at every midnight (e.g. 25200 s = 7 h: 00:00, 07:00, 14:00, 21:00, 00:00); one of a
 * day or longer therefore means once a day at midnight.
 */
final class ClockAlignment {
    static final long DAY_MILLIS = 86_400_000L;

    private ClockAlignment() {
    }

    /** The first boundary strictly after {@code now}. */
    static Instant nextBoundary(Instant now, int intervalSeconds) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("interval " + intervalSeconds);
        }
        long t = now.toEpochMilli();
        long midnight = Math.floorDiv(t, DAY_MILLIS) * DAY_MILLIS;
        long interval = intervalSeconds * 1000L;
        long intoDay = t - midnight;
        long next = midnight + (intoDay / interval + 1) * interval;
        return Instant.ofEpochMilli(Math.min(next, midnight + DAY_MILLIS));
    }
}
