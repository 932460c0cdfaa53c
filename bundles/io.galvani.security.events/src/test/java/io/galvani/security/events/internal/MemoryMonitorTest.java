package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;

/**
 * MemoryExhaustion (Appendix 1, critical): Flash or RAM getting full, reported once per episode, checked on the
 * bundle's scheduler. Probes injected, time virtual.
 */
class MemoryMonitorTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final AtomicLong freeDisk = new AtomicLong(500 * MB);
    private final AtomicReference<MemoryMonitor.HeapUse> heap =
            new AtomicReference<>(new MemoryMonitor.HeapUse(20 * MB, 64 * MB));
    private final FakeOutbox outbox = new FakeOutbox();
    private SecurityEventsService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(0);
        }
    }

    @Test
    void flashBelowTheThresholdIsReportedOncePerEpisode() throws Exception {
        givenService(Map.of("minFreeDiskMegabytes", 100));

        check();
        assertThat(memoryEvents()).isEmpty();

        freeDisk.set(80 * MB);
        check();
        check();
        check();
        assertThat(memoryEvents()).singleElement().asString()
                .isEqualTo("Flash: 80 MB free on the data file system, below the threshold of 100 MB");

        freeDisk.set(105 * MB); // above the threshold, within the 10 % margin: the same episode
        check();
        freeDisk.set(95 * MB);
        check();
        assertThat(memoryEvents()).hasSize(1);

        freeDisk.set(200 * MB); // room again: the episode ends
        check();
        freeDisk.set(50 * MB); // a new episode
        check();
        assertThat(memoryEvents()).hasSize(2);
        assertThat(outbox.sentTypes()).containsExactly("MemoryExhaustion", "MemoryExhaustion");
    }

    @Test
    void heapFullAfterGarbageCollectionIsReportedOncePerEpisode() throws Exception {
        givenService(Map.of("maxHeapUsedPercent", 90));

        heap.set(new MemoryMonitor.HeapUse(60 * MB, 64 * MB)); // 94 %
        check();
        check();
        heap.set(new MemoryMonitor.HeapUse(56 * MB, 64 * MB)); // 87.5 %: within the 5-point margin
        check();
        assertThat(memoryEvents()).singleElement().asString()
                .isEqualTo("RAM: Java heap 94 % in use after garbage collection (60 MB of 64 MB), threshold 90 %");

        heap.set(new MemoryMonitor.HeapUse(30 * MB, 64 * MB));
        check();
        heap.set(new MemoryMonitor.HeapUse(64 * MB, 64 * MB));
        check();
        assertThat(memoryEvents()).hasSize(2);
    }

    @Test
    void flashAndRamAreSeparateEpisodes() throws Exception {
        givenService(Map.of());
        freeDisk.set(10 * MB);
        heap.set(new MemoryMonitor.HeapUse(63 * MB, 64 * MB));

        check();

        assertThat(memoryEvents()).hasSize(2).anyMatch(s -> s.startsWith("Flash")).anyMatch(s -> s.startsWith("RAM"));
    }

    @Test
    void checksRunAtTheConfiguredIntervalAndAChangeAppliesLive() throws Exception {
        givenService(Map.of("memoryCheckIntervalSeconds", 60));
        freeDisk.set(10 * MB);

        scheduler.advance(Duration.ofSeconds(59));
        assertThat(memoryEvents()).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(memoryEvents()).hasSize(1);

        service.reconfigure(settings(Map.of("memoryCheckIntervalSeconds", 0)));
        scheduler.runDue();
        freeDisk.set(500 * MB);
        scheduler.advance(Duration.ofMinutes(10));
        freeDisk.set(10 * MB);
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(memoryEvents()).as("no checks while the interval is 0").hasSize(1);

        service.reconfigure(settings(Map.of("memoryCheckIntervalSeconds", 5)));
        scheduler.runDue();
        freeDisk.set(500 * MB);
        scheduler.advance(Duration.ofSeconds(5));
        freeDisk.set(10 * MB);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(memoryEvents()).hasSize(2);
    }

    @Test
    void unknownProbesReportNothing() throws Exception {
        givenService(Map.of());
        freeDisk.set(-1);
        heap.set(null);

        check();

        assertThat(memoryEvents()).isEmpty();
    }

    @Test
    void theRealProbesAnswer() {
        assertThat(MemoryMonitor.usableSpace(dir.resolve("not/yet/there"))).isPositive();
        MemoryMonitor.HeapUse use = MemoryMonitor.heapAfterGc();
        assertThat(use.max()).isPositive();
        assertThat(use.percent()).isBetween(0.0, 100.0);
    }

    private void givenService(Map<String, Object> config) {
        service = new SecurityEventsService(dir, clock::instant, scheduler, scheduler::nanoTime, settings(config),
                freeDisk::get, heap::get);
        service.start();
        service.outboxBound(outbox);
        scheduler.runDue();
    }

    private static Settings settings(Map<String, Object> config) {
        return Settings.from(Configs.of(SecurityEventsConfig.class, config));
    }

    /** One check period later. */
    private void check() {
        scheduler.advance(Duration.ofSeconds(60));
    }

    private List<String> memoryEvents() throws IOException {
        return Files.readAllLines(dir.resolve(SecurityLog.CURRENT)).stream().map(LogRecord::parse)
                .filter(r -> r.type().equals("MemoryExhaustion")).map(LogRecord::techInfo).toList();
    }
}
