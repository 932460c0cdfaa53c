package io.galvani.outbox.internal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated configuration. A value below its minimum (possible through Config Admin directly;
 * SetVariables checks the limits first) is raised to the minimum with a warning naming the property.
 */
record Settings(RetryPolicy retry, int capacity, boolean queueAllMessages) {
    private static final Logger logger = LoggerFactory.getLogger(Settings.class);

    static Settings from(OutboxConfig c) {
        int attempts = atLeast("messageAttempts", c.messageAttempts(), 1);
        int interval = atLeast("messageAttemptIntervalSeconds", c.messageAttemptIntervalSeconds(), 0);
        int capacity = atLeast("capacity", c.capacity(), 1);
        return new Settings(new RetryPolicy(attempts, Duration.ofSeconds(interval)), capacity, c.queueAllMessages());
    }

    private static int atLeast(String property, int value, int min) {
        if (value < min) {
            logger.warn("{} {} = {} is below its minimum {}; using {}", OutboxConfig.PID, property, value, min, min);
            return min;
        }
        return value;
    }
}
