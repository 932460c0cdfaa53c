package io.galvani.outbox.internal;

import java.time.Duration;

/**
 * E13: how often a message the CSMS failed to process is sent, and how long to wait before the next
 * transmission. {@code maxAttempts} is OCPPCommCtrlr.MessageAttempts[TransactionEvent], the number of
 * transmissions in all (E13.FR.02: send again as long as fewer failures than that were seen);
 * {@code interval} is MessageAttemptInterval[TransactionEvent]. The same rule serves every kind of
 * message, {@link io.galvani.outbox.api.MessageKind#OTHER} included: OCPP has no separate counts for
 * them, and one queue can only move at one pace.
 *
 * @param maxAttempts at least 1
 * @param interval    zero or more
 */
record RetryPolicy(int maxAttempts, Duration interval) {

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + " < 1");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval " + interval + " < 0");
        }
    }

    /** Whether a message that failed {@code failures} times is given up (E13.FR.04). */
    boolean exhausted(int failures) {
        return failures >= maxAttempts;
    }

    /**
     * The wait before the next transmission of a message that failed {@code failures} times: the
     * interval multiplied by the number of preceding transmissions (E13.FR.03), 60 s, 120 s, … .
     */
    Duration delayAfter(int failures) {
        return interval.multipliedBy(failures);
    }
}
