package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.messages.SecurityEventNotificationRequest;

/** A04.FR.02 hand-over details: a long backlog in bounded memory, events the log could not take, a bad event. */
class HandoverTest {
    private static final int LIMIT = 7;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final FakeOutbox outbox = new FakeOutbox();
    private SecurityLog log;
    private Handover handover;

    @BeforeEach
    void open() throws IOException {
        log = SecurityLog.open(dir, clock::instant, new SecurityLog.Limits(1024 * 1024, 5));
        handover = new Handover(scheduler, () -> log, LIMIT);
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void A04_FR_02_aBacklogLongerThanMemoryHoldsIsCommittedInChunksInOrder() throws Exception {
        for (int i = 0; i < 50; i++) {
            report("ResetOrReboot", "n" + i);
            report("InvalidMessages", "not critical " + i);
        }
        scheduler.runDue();

        handover.outboxBound(outbox);
        scheduler.runDue();

        assertThat(outbox.sent()).extracting(SecurityEventNotificationRequest::techInfo)
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "n" + i).toList());
        assertThat(outbox.commits).as("one commit per chunk").hasSize((50 + LIMIT - 1) / LIMIT);
        assertThat(handover.allHandedOver()).isTrue();
    }

    @Test
    void A04_FR_02_whileTheOutboxRefusesEventsWaitInTheLogNotInMemory() throws Exception {
        outbox.full = true;
        handover.outboxBound(outbox);
        scheduler.runDue();
        for (int i = 0; i < 3 * LIMIT; i++) {
            report("InvalidTLSVersion", "attempt " + i);
        }
        scheduler.runDue();
        assertThat(handover.waiting()).isLessThanOrEqualTo(LIMIT);

        outbox.full = false;
        scheduler.advance(java.time.Duration.ofSeconds(Handover.RETRY_SECONDS));

        assertThat(outbox.sent()).extracting(SecurityEventNotificationRequest::techInfo)
                .containsExactlyElementsOf(IntStream.range(0, 3 * LIMIT).mapToObj(i -> "attempt " + i).toList());
    }

    @Test
    void A04_FR_02_anEventTheLogCouldNotTakeIsStillSent() {
        handover.outboxBound(outbox);
        handover.offer(new Handover.Pending(Instant.parse("2025-01-01T00:00:00Z"), "MemoryExhaustion",
                "Flash: 0 MB free", null));
        scheduler.runDue();

        assertThat(outbox.sentTypes()).containsExactly("MemoryExhaustion");
        assertThat(outbox.state(Handover.NAMESPACE)).as("no cursor: it is in no log").isEmpty();
    }

    @Test
    void anEventTheOutboxRefusesAsInvalidDoesNotBlockTheOthers() throws Exception {
        outbox.invalidType = "InvalidCsmsCertificate";
        report("StartupOfTheDevice", "");
        report("InvalidCsmsCertificate", "cannot be sent");
        report("FirmwareUpdated", "1.2.3");

        handover.outboxBound(outbox);
        scheduler.runDue();

        assertThat(outbox.sentTypes()).containsExactly("StartupOfTheDevice", "FirmwareUpdated");
        assertThat(handover.allHandedOver()).isTrue();
        assertThat(Files.readString(dir.resolve(SecurityLog.CURRENT))).as("still in the log")
                .contains("InvalidCsmsCertificate cannot be sent");
    }

    private void report(String type, String techInfo) throws IOException {
        LogRecord r = log.append(type, techInfo, false);
        if (io.galvani.security.api.SecurityEventType.isCritical(type)) {
            handover.offer(Handover.Pending.of(r));
        }
    }
}
