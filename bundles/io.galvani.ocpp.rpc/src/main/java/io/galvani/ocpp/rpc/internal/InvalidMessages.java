package io.galvani.ocpp.rpc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Counts messages from the CSMS that are no valid OCPP and turns them into InvalidMessages security events (a
 * non-critical event: it goes to the security log only): the first at once, then at most one a
 * {@link #INTERVAL}, saying how many more came. Used on the transport thread only.
 */
final class InvalidMessages {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Consumer<String> report;
    private Instant lastReport;
    private int unreported;

    InvalidMessages(Clock clock, Consumer<String> report) {
        this.clock = clock;
        this.report = report;
    }

    void seen(String what) {
        Instant now = clock.instant();
        if (lastReport != null && now.isBefore(lastReport.plus(INTERVAL))) {
            unreported++;
            return;
        }
        String more = unreported == 0 ? "" : " (and " + unreported + " more since " + lastReport + ")";
        lastReport = now;
        unreported = 0;
        report.accept("invalid message from the CSMS: " + what + more);
    }
}
