package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventListener;
import io.galvani.security.api.SecurityEventType;

/**
 * {@code SecurityEvents.recent} (newest events, oldest first, surviving a restart and a torn last line) and the
 * {@link SecurityEventListener} whiteboard (told after the event is in the log, in order, a throwing listener
 * ignored, never while a lock that reporters need is held).
 */
class RecentEventsAndListenersTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private VirtualScheduler scheduler;
    private SecurityEventsService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(0);
        }
    }

    @Test
    void recent_newestOldestFirst_withoutTheLogsOwnRecords() {
        givenService();
        service.report(SecurityEventType.MAINTENANCE_LOGIN_FAILED, "address=10.0.0.5 method=form");
        service.report(SecurityEventType.INVALID_MESSAGES, "");
        service.report(SecurityEventType.MAINTENANCE_LOGIN_ACCEPTED, "address=10.0.0.5 method=form");

        assertThat(service.recent(2)).extracting(SecurityEvent::type)
                .containsExactly("InvalidMessages", "MaintenanceLoginAccepted");
        assertThat(service.recent(10)).first().satisfies(e -> {
            assertThat(e.type()).isEqualTo("MaintenanceLoginFailed");
            assertThat(e.techInfo()).isEqualTo("address=10.0.0.5 method=form");
            assertThat(e.critical()).isTrue();
            assertThat(e.at()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        });
        assertThat(service.recent(10).get(1).techInfo()).as("an empty techInfo is null").isNull();
        assertThat(service.recent(0)).isEmpty();
        assertThat(service.recent(-1)).isEmpty();
    }

    @Test
    void recent_survivesARestart_andAPowerCutThatTornTheLastLine() throws IOException {
        givenService();
        for (int i = 1; i <= 5; i++) {
            service.report(SecurityEventType.MAINTENANCE_LOGIN_FAILED, "attempt " + i);
        }
        scheduler.shutdownNow(); // power cut: nothing more runs, the log is not closed
        String torn = LogRecord.next(clock.instant(), "MaintenanceLoginAccepted", "cut", 99, "a".repeat(64)).line()
                .substring(0, 40);
        Files.write(dir.resolve(SecurityLog.CURRENT), torn.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        clock.advance(Duration.ofSeconds(30));

        givenService();
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");

        assertThat(service.recent(100)).extracting(SecurityEvent::techInfo).containsExactly("attempt 1", "attempt 2",
                "attempt 3", "attempt 4", "attempt 5", "reason=PowerUp");
    }

    @Test
    void recent_keepsAtMostItsCapacity_andAnEventReportedBeforeTheLogWasReadCountsOnce() {
        givenService();
        for (int i = 0; i < RecentEvents.CAPACITY + 5; i++) {
            service.report(SecurityEventType.INVALID_MESSAGES, "n=" + i);
        }
        scheduler.runDue();
        service.stop(0);
        scheduler = new VirtualScheduler();
        service = new SecurityEventsService(dir, clock::instant, scheduler, scheduler::nanoTime,
                Settings.from(Configs.defaults(SecurityEventsConfig.class)), () -> -1, () -> null);
        service.start(); // the log is read on the scheduler: not yet
        service.report(SecurityEventType.INVALID_MESSAGES, "after start");
        scheduler.runDue();

        List<SecurityEvent> all = service.recent(Integer.MAX_VALUE);
        assertThat(all).hasSize(RecentEvents.CAPACITY);
        assertThat(all).last().extracting(SecurityEvent::techInfo).isEqualTo("after start");
        assertThat(all).extracting(SecurityEvent::techInfo).doesNotHaveDuplicates()
                .contains("n=" + (RecentEvents.CAPACITY + 4)).doesNotContain("n=0");
    }

    @Test
    void recent_afterClearing_startsWithSecurityLogWasCleared() throws Exception {
        givenService();
        service.outboxBound(new FakeOutbox()); // clearing is refused while no outbox took the critical events
        service.report(SecurityEventType.INVALID_MESSAGES, "before");
        scheduler.runDue();
        ExecutorService console = Executors.newSingleThreadExecutor();
        try {
            // clear() waits for the (virtual) executor: run it from another thread, the scheduler from here.
            Future<String> cleared = console.submit(() -> service.clear("test"));
            org.awaitility.Awaitility.await().until(() -> {
                scheduler.runDue();
                return cleared.isDone();
            });
            assertThat(cleared.get()).startsWith("Security log cleared");
        } finally {
            console.shutdownNow();
        }

        assertThat(service.recent(10)).extracting(SecurityEvent::type).containsExactly("SecurityLogWasCleared");
    }

    @Test
    void listeners_areToldInOrder_afterTheEventIsInTheLog_aThrowingOneIgnored() {
        givenService();
        List<String> told = new CopyOnWriteArrayList<>();
        service.listenerAdded(e -> {
            throw new IllegalStateException("a broken listener");
        });
        service.listenerAdded(e -> {
            assertThat(service.recent(1)).as("in the log (and recent) before listeners hear of it").singleElement()
                    .isEqualTo(e);
            told.add(e.type() + " " + e.techInfo());
        });

        service.report(SecurityEventType.MAINTENANCE_LOGIN_FAILED, "one");
        service.report("GalvaniVendorEvent", "two");

        assertThat(told).containsExactly("MaintenanceLoginFailed one", "GalvaniVendorEvent two");
    }

    @Test
    void aSlowListener_neverBlocksOtherReporters_andStillSeesEveryEventInOrder() throws Exception {
        givenService();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> told = new CopyOnWriteArrayList<>();
        service.listenerAdded(e -> {
            told.add(e.techInfo());
            if (e.techInfo().equals("first")) {
                inListener.countDown();
                await(release);
            }
        });
        ExecutorService reporters = Executors.newFixedThreadPool(2);
        try {
            reporters.submit(() -> service.report(SecurityEventType.TAMPER_DETECTION_ACTIVATED, "first"));
            assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();

            // A critical event (log lock, order lock, outbox offer) while the listener is busy: returns at once.
            Future<?> second = reporters.submit(() -> service.report(SecurityEventType.RESET_OR_REBOOT, "second"));
            second.get(5, TimeUnit.SECONDS);
            assertThat(told).containsExactly("first");

            release.countDown();
            org.awaitility.Awaitility.await().until(() -> told.size() == 2);
            assertThat(told).containsExactly("first", "second");
        } finally {
            release.countDown();
            reporters.shutdownNow();
        }
    }

    @Test
    void aRemovedListenerIsNoLongerTold() {
        givenService();
        List<SecurityEvent> told = new CopyOnWriteArrayList<>();
        SecurityEventListener listener = told::add;
        service.listenerAdded(listener);
        service.report(SecurityEventType.INVALID_MESSAGES, "a");
        service.listenerRemoved(listener);
        service.report(SecurityEventType.INVALID_MESSAGES, "b");

        assertThat(told).extracting(SecurityEvent::techInfo).containsExactly("a");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void givenService() {
        scheduler = new VirtualScheduler();
        service = new SecurityEventsService(dir, clock::instant, scheduler, scheduler::nanoTime,
                Settings.from(Configs.defaults(SecurityEventsConfig.class)), () -> -1, () -> null);
        service.start();
        scheduler.runDue();
    }
}
