package io.galvani.supervisor.internal;

import java.time.Duration;

/** Exponential back-off between restarts of a failing component: min, 2·min, 4·min, … capped at max. */
record BackOff(Duration min, Duration max) {

    BackOff {
        if (min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("backOffMinMillis must be > 0, was " + min.toMillis());
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backOffMaxMillis (" + max.toMillis() + ") must be >= backOffMinMillis ("
                    + min.toMillis() + ")");
        }
    }

    /** The wait before the restart that follows the {@code failures}-th consecutive failure (1-based). */
    Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, was " + failures);
        }
        int shift = Math.min(failures - 1, 30); // 2^30 · min already exceeds any sensible max
        long millis = min.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
