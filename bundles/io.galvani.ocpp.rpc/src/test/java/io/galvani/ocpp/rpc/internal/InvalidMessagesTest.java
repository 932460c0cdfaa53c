package io.galvani.ocpp.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.MutableClock;

class InvalidMessagesTest {

    @Test
    void theFirstInvalidMessageIsReportedAtOnce_thenAtMostOneReportAMinuteWithTheCount() {
        MutableClock clock = new MutableClock();
        List<String> reports = new ArrayList<>();
        InvalidMessages invalid = new InvalidMessages(clock, reports::add);

        invalid.seen("FormatViolation: a");
        invalid.seen("FormatViolation: b");
        invalid.seen("ProtocolError: c");
        clock.advance(Duration.ofSeconds(59));
        invalid.seen("FormatViolation: d");
        clock.advance(Duration.ofSeconds(2));
        invalid.seen("RpcFrameworkError: e");

        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).endsWith("FormatViolation: a");
        assertThat(reports.get(1)).contains("RpcFrameworkError: e").contains("and 3 more");
    }
}
