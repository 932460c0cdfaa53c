package io.galvani.security.events.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.security.api.SecurityEventType;

/**
 * MemoryExhaustion (Appendix 1: "the Flash or RAM memory of the Charging Station is getting full"), once per
 * episode: reported when a check finds the data directory's file system below {@code minFreeDiskBytes} free,
 * or the heap in use after garbage collection at or above {@code maxHeapUsedPercent} of the maximum heap. The
 * episode ends (and may be reported again later) only once the check finds room again with a margin: 10 % of
 * the disk threshold above it, 5 points of heap below it, so a value hovering at the threshold is one event,
 * not one per check. Flash and RAM are separate episodes. Called by the scheduler thread only.
 */
final class MemoryMonitor {
    private static final Logger logger = LoggerFactory.getLogger(MemoryMonitor.class);
    private static final long MB = 1024 * 1024;

    /** Heap in use after the last garbage collection, and the most the heap may grow to (bytes). */
    record HeapUse(long usedAfterGc, long max) {
        double percent() {
            return max <= 0 ? -1 : 100.0 * usedAfterGc / max;
        }
    }

    /** @param minFreeDiskBytes 0 = no disk check; @param maxHeapUsedPercent 100 or more = no heap check */
    record Settings(long minFreeDiskBytes, int maxHeapUsedPercent) {
    }

    private final LongSupplier freeDiskBytes;
    private final Supplier<HeapUse> heap;
    private final BiConsumer<String, String> report;
    private volatile Settings settings;
    private boolean diskLow;
    private boolean heapHigh;

    /**
     * @param freeDiskBytes usable bytes on the data file system, negative if unknown
     * @param heap          heap use after GC, null if unknown
     * @param report        where the event goes ({@code SecurityEvents.report})
     */
    MemoryMonitor(LongSupplier freeDiskBytes, Supplier<HeapUse> heap, BiConsumer<String, String> report,
            Settings settings) {
        this.freeDiskBytes = freeDiskBytes;
        this.heap = heap;
        this.report = report;
        this.settings = settings;
    }

    void settings(Settings newSettings) {
        this.settings = newSettings;
    }

    void check() {
        Settings s = settings;
        try {
            checkDisk(s);
            checkHeap(s);
        } catch (RuntimeException e) {
            logger.warn("Memory check failed: {}", e.toString());
        }
    }

    private void checkDisk(Settings s) {
        long min = s.minFreeDiskBytes();
        long free = min > 0 ? freeDiskBytes.getAsLong() : -1;
        if (free < 0) {
            return;
        }
        if (!diskLow && free < min) {
            diskLow = true;
            report.accept(SecurityEventType.MEMORY_EXHAUSTION, "Flash: " + mb(free)
                    + " free on the data file system, below the threshold of " + mb(min));
        } else if (diskLow && free >= min + min / 10) {
            diskLow = false;
            logger.info("Data file system has room again: {} free", mb(free));
        }
    }

    private void checkHeap(Settings s) {
        int max = s.maxHeapUsedPercent();
        HeapUse use = max < 100 ? heap.get() : null;
        if (use == null || use.percent() < 0) {
            return;
        }
        double percent = use.percent();
        if (!heapHigh && percent >= max) {
            heapHigh = true;
            report.accept(SecurityEventType.MEMORY_EXHAUSTION, String.format(
                    "RAM: Java heap %.0f %% in use after garbage collection (%s of %s), threshold %d %%", percent,
                    mb(use.usedAfterGc()), mb(use.max()), max));
        } else if (heapHigh && percent < max - 5) {
            heapHigh = false;
            logger.info("Java heap has room again: {} % in use after garbage collection", Math.round(percent));
        }
    }

    private static String mb(long bytes) {
        return bytes / MB + " MB";
    }

    /** Usable bytes of the file system holding {@code dir} (its nearest existing ancestor), -1 if unknown. */
    static long usableSpace(Path dir) {
        try {
            Path p = dir.toAbsolutePath();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            return p == null ? -1 : Files.getFileStore(p).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /**
     * The heap pools' use as of their last collection (where the JVM tells it, else their current use), against
     * the maximum heap. An approximation: an old generation that has not been collected for a while counts with
     * what it held then.
     */
    static HeapUse heapAfterGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
                continue;
            }
            MemoryUsage usage = pool.getCollectionUsage();
            used += (usage != null ? usage : pool.getUsage()).getUsed();
        }
        return new HeapUse(used, Runtime.getRuntime().maxMemory());
    }
}
