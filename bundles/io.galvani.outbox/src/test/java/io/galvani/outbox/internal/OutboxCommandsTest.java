package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.galvani.outbox.api.OutboxStatus;

class OutboxCommandsTest {

    @Test
    void statusShowsQueueAgeAndCounters() {
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        String out = OutboxCommands.format(new OutboxStatus(12, 100000, now.minusSeconds(300), 340, 2, true), now);
        assertThat(out).isEqualTo(String.format("Outbox: 12 of 100000 queued, 1 in flight%n"
                + "  oldest committed 2025-01-01T11:55:00Z (5 min ago)%n"
                + "  since start: 340 delivered, 2 given up or thinned%n"));
    }

    @Test
    void withoutTheOutboxItSaysSo() {
        assertThat(new OutboxCommands().status()).startsWith("Outbox: not running");
    }
}
