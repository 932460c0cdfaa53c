package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.Configs;

/** Configuration: defaults of the spec, values below their minimum raised to it. */
class SettingsTest {

    @Test
    void defaultsAreThoseOfTheSpecificationExample() {
        Settings s = Settings.from(Configs.defaults(OutboxConfig.class));
        assertThat(s.retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(60)));
        assertThat(s.capacity()).isEqualTo(100_000);
        assertThat(s.queueAllMessages()).isFalse();
    }

    @Test
    void valuesBelowTheirMinimumAreRaised() {
        Settings s = Settings.from(Configs.of(OutboxConfig.class,
                Map.of("messageAttempts", -1, "messageAttemptIntervalSeconds", -5, "capacity", 0)));
        assertThat(s.retry()).isEqualTo(new RetryPolicy(1, Duration.ZERO));
        assertThat(s.capacity()).isEqualTo(1);
    }

    @Test
    void E13_waitIsIntervalTimesPrecedingTransmissions() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofSeconds(60));
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.exhausted(2)).isFalse();
        assertThat(p.exhausted(3)).isTrue();
    }
}
