package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.messages.SecurityEventNotificationRequest;
import io.galvani.outbox.api.MessageKind;
import io.galvani.security.api.SecurityEventType;

/**
 * A04: every event in the security log (FR.04); critical ones committed to the outbox as
 * SecurityEventNotification (FR.01), queued with guaranteed delivery (FR.02): across a missing outbox, restarts,
 * crashes and a full outbox, in order, once. Every notification is checked against the official schema by
 * {@link FakeOutbox}. The executor is a {@link VirtualScheduler}: what runs "later" runs only when the test
 * says so.
 */
class SecurityEventsServiceTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private VirtualScheduler scheduler;
    private SecurityEventsService service;
    private final FakeOutbox outbox = new FakeOutbox();

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(0);
        }
    }

    // ---- A04.FR.01 / FR.04 ----

    @Test
    void A04_FR_01_criticalEventIsCommittedToTheOutbox() throws Exception {
        givenService();
        givenOutbox(outbox);

        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");
        scheduler.runDue();

        assertThat(outbox.sent()).containsExactly(new SecurityEventNotificationRequest(null,
                "StartupOfTheDevice", clock.instant(), "reason=PowerUp"));
        assertThat(outbox.commits).singleElement().satisfies(c -> assertThat(c.messages()).singleElement()
                .satisfies(m -> assertThat(m.kind()).isEqualTo(MessageKind.OTHER)));
        LogRecord logged = record("StartupOfTheDevice");
        assertThat(outbox.state(Handover.NAMESPACE)).as("the cursor is committed with the message")
                .isEqualTo(Map.of(Handover.SEQ, Long.toString(logged.seq()), Handover.HASH, logged.hash()));
        assertThat(log()).last().asString().contains(" @outbox events=1 upTo=" + logged.seq() + " ");
    }

    @Test
    void A04_FR_04_everyEventIsLoggedAndOnlyCriticalOnesAreSent() throws Exception {
        givenService();
        givenOutbox(outbox);

        service.report(SecurityEventType.INVALID_MESSAGES, "not OCPP-J");
        service.report(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS, "HTTP 401");
        service.report(SecurityEventType.RESET_OR_REBOOT, "reason=RemoteReset");
        service.report("GalvaniVendorEvent", "a vendor's own type is logged, never sent");
        scheduler.runDue();

        assertThat(events()).containsExactly("InvalidMessages", "FailedToAuthenticateAtCsms", "ResetOrReboot",
                "GalvaniVendorEvent");
        assertThat(outbox.sentTypes()).containsExactly("ResetOrReboot");
    }

    @Test
    void A04_FR_04_theEventIsInTheLogWhenReportReturns() throws Exception {
        givenService();

        service.report(SecurityEventType.TAMPER_DETECTION_ACTIVATED, "cabinet door open");

        // Nothing ran on the executor: the line was written by report itself.
        assertThat(events()).containsExactly("TamperDetectionActivated");
    }

    @Test
    void A04_techInfoIsCutAndAbsentWhenEmpty() throws Exception {
        givenService();
        givenOutbox(outbox);

        service.report(SecurityEventType.INVALID_CSMS_CERTIFICATE, "x".repeat(1000));
        service.report(SecurityEventType.SETTING_SYSTEM_TIME, null);
        scheduler.runDue();

        assertThat(outbox.sent()).extracting(SecurityEventNotificationRequest::techInfo)
                .satisfiesExactly(t -> assertThat(t).hasSize(255), t -> assertThat(t).isNull());
    }

    @Test
    void reportNeverThrows() {
        givenService();

        assertThatCode(() -> {
            service.report(null, null);
            service.report("", "\u0000");
            service.stop(0);
            service.report(SecurityEventType.RESET_OR_REBOOT, "after stop");
        }).doesNotThrowAnyException();
        service = null;
    }

    // ---- A04.FR.02 ----

    @Test
    void A04_FR_02_eventsReportedWithoutOutboxAreCommittedInOrderWhenItComes() throws Exception {
        givenService();

        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");
        service.report(SecurityEventType.INVALID_MESSAGES, "not critical");
        service.report(SecurityEventType.INVALID_TLS_VERSION, "TLSv1.1");
        service.report(SecurityEventType.INVALID_CSMS_CERTIFICATE, "unknown CA");
        scheduler.runDue();
        assertThat(outbox.sent()).isEmpty();

        givenOutbox(outbox);

        assertThat(outbox.sentTypes()).containsExactly("StartupOfTheDevice", "InvalidTLSVersion", "InvalidCsmsCertificate");
        assertThat(outbox.commits).as("one transaction for the backlog").hasSize(1);
    }

    @Test
    void A04_FR_02_eventsReportedAsTheOutboxAppearsAreSentOnce() throws Exception {
        givenService();

        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "one");
        service.outboxBound(outbox); // bound before the executor ran the offers
        service.report(SecurityEventType.INVALID_CSMS_CERTIFICATE, "two");
        scheduler.runDue();
        service.report(SecurityEventType.INVALID_TLS_VERSION, "three");
        scheduler.runDue();

        assertThat(outbox.sent()).extracting(SecurityEventNotificationRequest::techInfo)
                .containsExactly("one", "two", "three");
    }

    @Test
    void A04_FR_02_eventsReportedConcurrentlyAreSentOnceInTheOrderOfTheLog() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        service = new SecurityEventsService(dir, clock::instant, executor, System::nanoTime,
                Settings.from(Configs.defaults(SecurityEventsConfig.class)), () -> -1, () -> null);
        service.start();
        int threads = 4;
        int each = 25;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> reporters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    service.report(SecurityEventType.INVALID_TLS_VERSION, "thread " + id + " event " + i);
                    if (id == 0 && i == each / 2) {
                        service.outboxBound(outbox);
                    }
                }
            });
            thread.start();
            reporters.add(thread);
        }
        go.countDown();
        for (Thread t : reporters) {
            t.join();
        }
        service.lastEvents(1); // runs after every hand-over queued so far

        List<String> logged = log().stream().map(LogRecord::parse).filter(LogRecord::isEvent)
                .map(LogRecord::techInfo).toList();
        assertThat(logged).hasSize(threads * each);
        assertThat(outbox.sent()).extracting(SecurityEventNotificationRequest::techInfo)
                .containsExactlyElementsOf(logged);
    }

    @Test
    void A04_FR_02_eventsWaitingAtShutdownAreCommittedAfterTheRestart() throws Exception {
        givenService();
        service.report(SecurityEventType.RESET_OR_REBOOT, "reason=RemoteReset");

        restart();
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=RemoteReset");
        givenOutbox(outbox);

        assertThat(outbox.sentTypes()).containsExactly("ResetOrReboot", "StartupOfTheDevice");
    }

    @Test
    void A04_FR_02_anEventLoggedJustBeforeACrashIsStillSent() throws Exception {
        givenService();
        givenOutbox(outbox);
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");
        scheduler.runDue();
        service.report(SecurityEventType.FIRMWARE_UPDATED, "1.2.3");

        crash(); // the hand-over task of FirmwareUpdated never ran
        givenOutbox(outbox);

        assertThat(outbox.sentTypes()).containsExactly("StartupOfTheDevice", "FirmwareUpdated");
    }

    @Test
    void A04_FR_02_aRestartDoesNotSendAgainWhatTheOutboxHas() throws Exception {
        givenService();
        givenOutbox(outbox);
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "first boot");
        scheduler.runDue();

        restart();
        givenOutbox(outbox); // same database: its cursor says what it has
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "second boot");
        scheduler.runDue();

        assertThat(outbox.sent()).extracting(SecurityEventNotificationRequest::techInfo)
                .containsExactly("first boot", "second boot");
    }

    @Test
    void A04_FR_02_aNewOutboxDatabaseGetsWhatTheLogDoesNotMarkAsHandedOver() throws Exception {
        givenService();
        givenOutbox(outbox);
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "delivered through the old database");
        scheduler.runDue();
        service.outboxUnbound(outbox);
        service.report(SecurityEventType.INVALID_TLS_CIPHER_SUITE, "while no outbox ran");

        restart();
        FakeOutbox replaced = new FakeOutbox(); // e.g. outbox.db was corrupt and moved aside
        givenOutbox(replaced);

        assertThat(replaced.sentTypes()).containsExactly("InvalidTLSCipherSuite");
    }

    @Test
    void A04_FR_02_aFullOutboxIsRetriedUntilItTakesTheEvent() throws Exception {
        givenService();
        outbox.full = true;
        givenOutbox(outbox);

        service.report(SecurityEventType.MEMORY_EXHAUSTION, "Flash: 12 MB free");
        scheduler.advance(Duration.ofSeconds(Handover.RETRY_SECONDS));
        assertThat(outbox.sent()).isEmpty();

        outbox.full = false;
        scheduler.advance(Duration.ofSeconds(Handover.RETRY_SECONDS));

        assertThat(outbox.sentTypes()).containsExactly("MemoryExhaustion");
        scheduler.advance(Duration.ofSeconds(10 * Handover.RETRY_SECONDS));
        assertThat(outbox.sentTypes()).as("once").hasSize(1);
    }

    @Test
    void A04_FR_02_anOutboxReplacedAtRuntimeContinuesWhereTheOldOneStopped() throws Exception {
        givenService();
        givenOutbox(outbox);
        service.report(SecurityEventType.RESET_OR_REBOOT, "one");
        scheduler.runDue();

        service.outboxUnbound(outbox);
        service.report(SecurityEventType.RESET_OR_REBOOT, "two");
        scheduler.runDue();
        givenOutbox(outbox); // the outbox bundle was updated: same database

        assertThat(outbox.sent()).extracting(SecurityEventNotificationRequest::techInfo).containsExactly("one", "two");
    }

    @Test
    void aLogStartedAnewIsNotMistakenForTheOldCursor() throws Exception {
        givenService();
        givenOutbox(outbox);
        for (int i = 0; i < 20; i++) {
            service.report(SecurityEventType.RESET_OR_REBOOT, "old " + i);
        }
        scheduler.runDue();
        service.stop(0);
        for (Path f : SecurityLog.filesOldestFirst(dir)) {
            Files.delete(f); // someone removed the log; the outbox kept its cursor (#41 or so)
        }

        givenService();
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "new");
        givenOutbox(outbox);

        assertThat(outbox.sent()).last().extracting(SecurityEventNotificationRequest::techInfo).isEqualTo("new");
    }

    // ---- helpers ----

    private void givenService() {
        scheduler = new VirtualScheduler();
        service = new SecurityEventsService(dir, clock::instant, scheduler, scheduler::nanoTime,
                Settings.from(Configs.defaults(SecurityEventsConfig.class)), () -> -1, () -> null);
        service.start();
        scheduler.runDue();
    }

    private void givenOutbox(FakeOutbox o) {
        service.outboxBound(o);
        scheduler.runDue();
    }

    /** An orderly stop (queued work done), then a new start on the same directory. */
    private void restart() {
        scheduler.runDue();
        service.stop(0);
        clock.advance(Duration.ofSeconds(30));
        givenService();
    }

    /** The process dies: nothing queued on the executor runs, the log is not closed. */
    private void crash() {
        scheduler.shutdownNow();
        clock.advance(Duration.ofSeconds(30));
        givenService();
    }

    private List<String> log() throws IOException {
        return Files.readAllLines(dir.resolve(SecurityLog.CURRENT));
    }

    private List<String> events() throws IOException {
        return log().stream().map(LogRecord::parse).filter(LogRecord::isEvent).map(LogRecord::type).toList();
    }

    private LogRecord record(String type) throws IOException {
        return log().stream().map(LogRecord::parse).filter(r -> r.type().equals(type)).findFirst().orElseThrow();
    }
}
