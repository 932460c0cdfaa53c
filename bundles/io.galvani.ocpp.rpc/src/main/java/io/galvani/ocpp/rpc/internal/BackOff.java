package io.galvani.ocpp.rpc.internal;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Reconnect back-off of OCPP-J §5.3 with errata 4.12. The first retry waits
 * {@code WaitMinimum + random(0..RandomRange)}; every further failed attempt doubles the previous
 * back-off and adds a new random part, at most {@code RepeatTimes} times; after that the last back-off
 * is kept. {@link #reset()} after a successful connection starts again at WaitMinimum.
 *
 * <p>Not thread-safe: used on the transport's executor only. The random source is injected so that
 * the schedule can be tested deterministically.
 */
final class BackOff {
    /** Upper bound so that large RepeatTimes cannot overflow: one day. */
    static final long MAX_MILLIS = Duration.ofDays(1).toMillis();

    /** Given a bound b (milliseconds, b >= 0) returns a value in [0, b]. */
    private final LongUnaryOperator random;
    private long current = -1;
    private int doublings;

    BackOff(LongUnaryOperator random) {
        this.random = random;
    }

    /** The wait before the next connection attempt; advances the schedule. */
    Duration next(int waitMinimumSeconds, int randomRangeSeconds, int repeatTimes) {
        long range = Math.max(0, randomRangeSeconds) * 1000L;
        if (current < 0) {
            current = Math.max(0, waitMinimumSeconds) * 1000L + randomPart(range);
            doublings = 0;
        } else if (doublings < Math.max(0, repeatTimes)) {
            current = Math.min(MAX_MILLIS, 2 * current + randomPart(range));
            doublings++;
        }
        current = Math.min(MAX_MILLIS, current);
        return Duration.ofMillis(current);
    }

    /** Back to WaitMinimum for the next failure (after a successful connection). */
    void reset() {
        current = -1;
        doublings = 0;
    }

    private long randomPart(long range) {
        if (range == 0) {
            return 0;
        }
        long r = random.applyAsLong(range);
        return Math.max(0, Math.min(range, r));
    }
}
