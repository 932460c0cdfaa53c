package io.galvani.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.galvani.csms.demo.DemoCsms;

/**
 * What the bench prints: the header (station, JVMs, machine), the table of measurements next to the reference
 * product and the goals, and what coincided with the slowest samples (GC pauses, safepoints, log rollovers,
 * hiccups of the machine).
 */
final class ResultTable {
    /** The reference product, as measured for the issue: min / avg / max in milliseconds. */
    static final String REFERENCE_RESPONSE = "100 / 180 / 2820";
    static final String REFERENCE_REPORT = "avg 990";
    private static final double GOAL_AVG_MS = 2;
    private static final double GOAL_MAX_MS = 50;
    private static final double GOAL_REPORT_MS = 20;
    /** File times are kernel-tick coarse (4 ms at HZ=250): a rollover this close to a sample counts as in it. */
    private static final long ROLLOVER_SLACK = 10_000_000L;

    /** One line of the table: a measurement or why it failed. */
    record Row(String name, Samples samples, String reference, String failure, boolean report) {
    }

    private final Path home;
    private final DemoCsms csms;
    private final StationProcess station;
    private final double hiccupMs;

    ResultTable(Path home, DemoCsms csms, StationProcess station, double hiccupMs) {
        this.home = home;
        this.csms = csms;
        this.station = station;
        this.hiccupMs = hiccupMs;
    }

    void printHeader() {
        Runtime rt = Runtime.getRuntime();
        String version = readQuietly(home.resolve("VERSION")).trim();
        System.out.println();
        System.out.println("Galvani OCPP response times, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("station:    %s (version %s), pid %d, variant %s%n", home, version.isEmpty() ? "?" : version,
                station.pid(), System.getenv().getOrDefault("STATION_VARIANT", "reference-dc480 (default)"));
        System.out.println("station JVM options: " + String.join(" ", station.jvmOptions()));
        System.out.printf("java:       %s %s (%s); cores: %d; CPU: %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.arch"), rt.availableProcessors(),
                cpuModel());
        System.out.println("bench JVM (CSMS) options: "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.printf("CSMS:       io.galvani.csms.demo in the bench JVM at %s, loopback, one request at a time%n",
                csms.url());
        System.out.println();
    }

    void printResults(List<Row> rows, List<String> notes, String counts, GcLog stationGc, GcLog benchGc,
            LogRollovers rollovers, Hiccups hiccups) {
        List<GcLog.Pause> stationPauses = stationGc.pauses();
        List<GcLog.Pause> benchPauses = benchGc.pauses();
        List<GcLog.Pause> logRollovers = rollovers.events();
        List<GcLog.Pause> stationSafepoints = stationGc.otherSafepoints(0.5);
        List<GcLog.Pause> benchHiccups = hiccups.hiccups();
        System.out.println();
        notes.forEach(n -> System.out.println(n));
        System.out.println(counts);
        System.out.println();
        String header = String.format("| %-58s | %6s | %8s | %8s | %8s | %8s | %8s | %-21s | %-28s |", "Measurement (ms)", "n",
                "min", "avg", "p50", "p99", "max", "reference min/avg/max", "goal");
        System.out.println(header);
        System.out.println(header.replaceAll("[^|]", "-"));
        for (Row row : rows) {
            if (row.failure() != null) {
                System.out.printf("| %-58s | %s%n", row.name(), "FAILED: " + row.failure().replace('\n', ' '));
                continue;
            }
            Samples s = row.samples();
            String goal;
            if (row.report()) {
                goal = String.format("avg <= %.0f: %s", GOAL_REPORT_MS, s.avg() <= GOAL_REPORT_MS ? "met" : "NOT met");
            } else if (row.reference().equals("-")) {
                goal = "-";
            } else {
                goal = String.format("avg <= %.0f, max <= %.0f: %s", GOAL_AVG_MS, GOAL_MAX_MS,
                        s.avg() <= GOAL_AVG_MS && s.max() <= GOAL_MAX_MS ? "met" : "NOT met");
            }
            System.out.printf(Locale.ROOT, "| %-58s | %6d | %8.3f | %8.3f | %8.3f | %8.3f | %8.3f | %-21s | %-28s |%n",
                    row.name(), s.count(), s.min(), s.avg(), s.percentile(50), s.percentile(99), s.max(),
                    row.reference(), goal);
        }
        System.out.println();
        System.out.println("Per measurement: station CPU (user+system) per sample; CPU used by other processes"
                + " (% of all cores) and load average;");
        System.out.println("GC pauses (station | bench JVM with the CSMS):");
        for (Row row : rows) {
            if (row.samples() == null) {
                continue;
            }
            Samples s = row.samples();
            System.out.printf(Locale.ROOT, "  %-58s CPU %s ms; others %s, load %s; GC station %s | bench %s%n",
                    row.name(),
                    s.cpuMillis < 0 ? "-" : String.format(Locale.ROOT, "%.3f", s.cpuMillis / (double) s.count()),
                    s.othersPercent < 0 ? "?" : String.format(Locale.ROOT, "%.0f %%", s.othersPercent),
                    s.loadAverage, gcSummary(stationPauses, s), gcSummary(benchPauses, s));
        }
        if (rows.stream().anyMatch(r -> r.samples() != null && r.samples().othersPercent > 10)) {
            System.out.println("  WARNING: other processes used the CPU during the measurement: outliers are not"
                    + " the station's alone. Repeat on an idle machine.");
        }
        if (stationGc.error() != null || benchGc.error() != null) {
            System.out.println("  (GC log unavailable: station " + stationGc.error() + ", bench " + benchGc.error() + ")");
        }
        System.out.println();
        System.out.println("Slowest samples (ms, seconds into the measurement; overlapping GC pauses, other safepoints"
                + " >= 0.5 ms, station log rollovers, and hiccups >= " + (int) hiccupMs + " ms of an idle bench thread"
                + " = nothing ran):");
        for (Row row : rows) {
            Samples s = row.samples();
            if (s == null) {
                continue;
            }
            List<String> slow = new ArrayList<>();
            for (int i : s.slowest(5)) {
                List<String> why = new ArrayList<>();
                overlapping(stationPauses, s.start(i), s.end(i)).map(p -> "station " + p).forEach(why::add);
                overlapping(benchPauses, s.start(i), s.end(i)).map(p -> "bench " + p).forEach(why::add);
                overlapping(stationSafepoints, s.start(i), s.end(i)).map(p -> "station " + p).forEach(why::add);
                benchHiccups.stream().filter(p -> p.overlaps(s.start(i), s.end(i))).map(GcLog.Pause::what)
                        .forEach(why::add);
                logRollovers.stream().filter(p -> p.overlaps(s.start(i) - ROLLOVER_SLACK, s.end(i) + ROLLOVER_SLACK))
                        .map(GcLog.Pause::what).distinct().forEach(why::add);
                slow.add(String.format(Locale.ROOT, "%.2f @%.1fs%s", s.millis(i), (s.start(i) - s.firstStart()) / 1e9,
                        why.isEmpty() ? "" : " (" + String.join(", ", why) + ")"));
            }
            double threshold = Math.max(2 * s.percentile(99), 1.0);
            int over = 0;
            int overWithGc = 0;
            int overWithRollover = 0;
            int overWithHiccup = 0;
            for (int i = 0; i < s.count(); i++) {
                if (s.millis(i) > threshold) {
                    over++;
                    if (overlapping(stationPauses, s.start(i), s.end(i)).findAny().isPresent()
                            || overlapping(benchPauses, s.start(i), s.end(i)).findAny().isPresent()) {
                        overWithGc++;
                    }
                    long from = s.start(i);
                    long to = s.end(i);
                    if (logRollovers.stream().anyMatch(p -> p.overlaps(from - ROLLOVER_SLACK, to + ROLLOVER_SLACK))) {
                        overWithRollover++;
                    }
                    if (benchHiccups.stream().anyMatch(p -> p.overlaps(from, to))) {
                        overWithHiccup++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  %s: %s; %d samples > %.2f ms (2 x p99), %d of them during a GC pause,"
                    + " %d during a log rollover, %d during a bench hiccup%n", row.name(), String.join("; ", slow), over,
                    threshold, overWithGc, overWithRollover, overWithHiccup);
        }
        List<String> rolled = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (GcLog.Pause r : logRollovers.stream().sorted(Comparator.comparingLong(GcLog.Pause::startNanos)).toList()) {
            if (r.startNanos() - last > 2_000_000_000L) { // one rollover may be seen several times while it compresses
                String where = rows.stream().filter(row -> row.samples() != null
                        && r.overlaps(row.samples().firstStart(), row.samples().lastEnd())).map(Row::name).findFirst()
                        .orElse("outside the measured samples");
                rolled.add(r.what().replace("log rollover ", "") + " during " + where);
            }
            last = r.startNanos();
        }
        List<GcLog.Pause> duringRun = benchHiccups.stream().filter(h -> rows.stream().anyMatch(row -> row.samples() != null
                && h.overlaps(row.samples().firstStart(), row.samples().lastEnd()))).toList();
        System.out.printf(Locale.ROOT, "Bench hiccups >= %.0f ms during the measurements: %d, longest %.1f ms%n", hiccupMs,
                duringRun.size(), duringRun.stream().mapToDouble(GcLog.Pause::millis).max().orElse(0));
        System.out.println("Station log rollovers (gzip on the logging thread): "
                + (rolled.isEmpty() ? "none" : String.join("; ", rolled)));
        long rss = station.rssKb();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "Station RSS at the end: %s; bench JVM heap used: %.0f MB of %.0f MB%n",
                rss < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", rss / 1024.0),
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
    }

    private static Stream<String> overlapping(List<GcLog.Pause> pauses, long from, long to) {
        return pauses.stream().filter(p -> p.overlaps(from, to))
                .map(p -> String.format(Locale.ROOT, "%s %.2f ms", p.what(), p.millis()));
    }

    private static String gcSummary(List<GcLog.Pause> pauses, Samples s) {
        List<GcLog.Pause> during = pauses.stream().filter(p -> p.overlaps(s.firstStart(), s.lastEnd())).toList();
        if (during.isEmpty()) {
            return "0 pauses";
        }
        double total = during.stream().mapToDouble(GcLog.Pause::millis).sum();
        double max = during.stream().mapToDouble(GcLog.Pause::millis).max().orElse(0);
        return String.format(Locale.ROOT, "%d pauses, %.1f ms total, max %.2f ms", during.size(), total, max);
    }

    static String range(int min, int max) {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }

    private static String cpuModel() {
        for (String line : readQuietly(Path.of("/proc/cpuinfo")).split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

}
