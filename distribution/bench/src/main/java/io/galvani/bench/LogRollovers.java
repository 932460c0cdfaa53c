package io.galvani.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rollovers of the station's log files: logback's FixedWindowRollingPolicy compresses the full file to
 * {@code <name>.<i>.log.gz} on the thread that logs the line that crosses the size limit. The time a {@code .gz}
 * file was last written is when that compression ended; the directory is looked at every 200 ms, because the
 * oldest archive is deleted after a few rollovers. While it is being written, each look may see a later time
 * (several events for one rollover, all within the compression). Times are mapped onto {@code System.nanoTime()};
 * file times are only as precise as the kernel tick.
 */
final class LogRollovers implements AutoCloseable {

    private final Path dir;
    private final long anchorNanos = System.nanoTime();
    private final Instant anchorWall = Instant.now();
    private final Map<String, Long> seen = new LinkedHashMap<>(); // "name@mtime" -> nanoTime
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "galvani-bench-log-rollovers");
        t.setDaemon(true);
        return t;
    });

    LogRollovers(Path dir) {
        this.dir = dir;
        poller.scheduleWithFixedDelay(this::scan, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void scan() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.gz")) {
            for (Path file : files) {
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                long nanos = anchorNanos + (modified.getEpochSecond() - anchorWall.getEpochSecond()) * 1_000_000_000L
                        + (modified.getNano() - anchorWall.getNano());
                String base = file.getFileName().toString().replaceAll("\\.\\d+\\.log\\.gz$", "");
                synchronized (seen) {
                    seen.putIfAbsent(base + "@" + modified, nanos);
                }
            }
        } catch (IOException e) {
            // a file rotated away while listing: next time
        }
    }

    /** Each rollover seen so far as a zero-length event. */
    List<GcLog.Pause> events() {
        scan();
        List<GcLog.Pause> events = new ArrayList<>();
        synchronized (seen) {
            seen.forEach((key, nanos) -> events.add(new GcLog.Pause(nanos, nanos,
                    "log rollover " + key.substring(0, key.indexOf('@')))));
        }
        return events;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
