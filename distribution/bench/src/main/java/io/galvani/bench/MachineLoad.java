package io.galvani.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with other work during a measurement: CPU time of all processes ({@code /proc/stat})
 * minus the station's and the bench's own ({@code /proc/<pid>/stat}). On a shared 2-core machine a parallel build
 * shows up as outliers; this says whether that happened.
 */
final class MachineLoad {

    /** Clock ticks since boot: machine total (busy + idle), machine busy, station, bench. */
    record Snapshot(long total, long busy, long station, long bench) {
    }

    private MachineLoad() {
    }

    static Snapshot snapshot(long stationPid) {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = n(f, 1) + n(f, 2) + n(f, 3) + n(f, 6) + n(f, 7) + n(f, 8);
            long total = busy + n(f, 4) + n(f, 5);
            return new Snapshot(total, busy, processTicks(Long.toString(stationPid)), processTicks("self"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Share of the machine's CPU capacity (all cores = 100 %) used by processes other than the station and the
     * bench between two snapshots; -1 when unknown.
     */
    static double othersPercent(Snapshot from, Snapshot to) {
        if (from == null || to == null || to.total() <= from.total()) {
            return -1;
        }
        long others = (to.busy() - from.busy()) - (to.station() - from.station()) - (to.bench() - from.bench());
        return Math.max(0, 100.0 * others / (to.total() - from.total()));
    }

    /** The 1-minute load average, or "?". */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long processTicks(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long n(String[] fields, int i) {
        return i < fields.length ? Long.parseLong(fields[i]) : 0;
    }
}
