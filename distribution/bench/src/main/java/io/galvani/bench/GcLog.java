package io.galvani.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GC pauses of a JVM, from unified GC logging switched on at run time with {@code jcmd <pid> VM.log} (no change to
 * the JVM's command line). The decorator {@code timenanos} is {@code System.nanoTime()} of that JVM, which on Linux
 * is CLOCK_MONOTONIC, the same clock as the bench's {@code System.nanoTime()}: pauses and requests can be matched.
 */
final class GcLog {

    /** One stop-the-world pause, [startNanos, endNanos] on the shared monotonic clock. */
    record Pause(long startNanos, long endNanos, String what) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }

        boolean overlaps(long from, long to) {
            return startNanos <= to && endNanos >= from;
        }
    }

    // [123456789012345ns] GC(12) Pause Young (Allocation Failure) 20M->4M(61M) 1.234ms
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ns\\].*GC\\(\\d+\\) (Pause [^(]*?)\\s*(\\(.*\\))? .*?([0-9.]+)ms\\s*$");

    // [123456789012345ns] Safepoint "Cleanup", Time since last: 1000 ns, Reaching safepoint: 17 ns, At safepoint: 6 ns, Total: 23 ns
    private static final Pattern SAFEPOINT = Pattern.compile("^\\[(\\d+)ns\\] Safepoint \"([^\"]+)\".*Total: (\\d+) ns\\s*$");

    private final Path file;
    private final String error;

    private GcLog(Path file, String error) {
        this.file = file;
        this.error = error;
    }

    /** Switches GC logging of process {@code pid} on, into {@code file}. Never throws: see {@link #error()}. */
    static GcLog enable(long pid, Path file) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return new GcLog(file, "no jcmd in " + jcmd.getParent());
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.log", "output=" + file,
                    "what=gc=info,safepoint=info", "decorators=timenanos").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("rror")) {
                return new GcLog(file, "jcmd VM.log failed: " + out.replace('\n', ' '));
            }
            return new GcLog(file, null);
        } catch (IOException e) {
            return new GcLog(file, "jcmd VM.log failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new GcLog(file, "interrupted");
        }
    }

    /** Why there is no GC log, or {@code null}. */
    String error() {
        return error;
    }

    /**
     * Safepoints other than garbage collections (deoptimization, code cache, thread dumps…) of at least
     * {@code minMillis}, time to reach the safepoint included.
     */
    List<Pause> otherSafepoints(double minMillis) {
        List<Pause> pauses = new ArrayList<>();
        if (error != null || !Files.exists(file)) {
            return pauses;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = SAFEPOINT.matcher(line);
                if (m.matches() && !m.group(2).contains("Collect") && !m.group(2).contains("GC")) {
                    long end = Long.parseLong(m.group(1));
                    long duration = Long.parseLong(m.group(3));
                    if (duration >= minMillis * 1e6) {
                        pauses.add(new Pause(end - duration, end, "safepoint " + m.group(2)));
                    }
                }
            }
        } catch (IOException e) {
            // as far as read
        }
        return pauses;
    }

    /** All GC pauses logged so far (empty when unavailable). */
    List<Pause> pauses() {
        List<Pause> pauses = new ArrayList<>();
        if (error != null || !Files.exists(file)) {
            return pauses;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = PAUSE.matcher(line);
                if (m.matches()) {
                    long end = Long.parseLong(m.group(1));
                    long duration = (long) (Double.parseDouble(m.group(4)) * 1e6);
                    pauses.add(new Pause(end - duration, end, m.group(2).trim()));
                }
            }
        } catch (IOException e) {
            // as far as read
        }
        return pauses;
    }
}
