package io.galvani.telemetry.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect back-off: min, 2·min, 4·min … up to max, each with up to 25 % random extra so that a fleet
 * does not reconnect to its broker in lockstep after an outage.
 */
final class Backoff {
    private final Duration min;
    private final Duration max;
    private int failures;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The wait after one more failure. */
    Duration next() {
        long base = Math.min(max.toMillis(), min.toMillis() << Math.min(failures, 20));
        failures++;
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 4 + 1));
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
