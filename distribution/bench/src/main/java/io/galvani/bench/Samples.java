package io.galvani.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The timings of one measurement: per sample its start and end on {@code System.nanoTime()}. */
final class Samples {

    final String name;
    private final long[] start;
    private final long[] end;
    private int count;
    long cpuMillis = -1; // of the station during the measurement
    double othersPercent = -1; // CPU of other processes during the measurement, % of the machine
    String loadAverage = "?"; // 1-minute load average at the end of the measurement

    Samples(String name, int capacity) {
        this.name = name;
        this.start = new long[capacity];
        this.end = new long[capacity];
    }

    void add(long startNanos, long endNanos) {
        start[count] = startNanos;
        end[count] = endNanos;
        count++;
    }

    int count() {
        return count;
    }

    long firstStart() {
        return start[0];
    }

    long lastEnd() {
        return end[count - 1];
    }

    long start(int i) {
        return start[i];
    }

    long end(int i) {
        return end[i];
    }

    double millis(int i) {
        return (end[i] - start[i]) / 1e6;
    }

    private long[] sorted() {
        long[] d = new long[count];
        for (int i = 0; i < count; i++) {
            d[i] = end[i] - start[i];
        }
        Arrays.sort(d);
        return d;
    }

    double min() {
        return sorted()[0] / 1e6;
    }

    double max() {
        return sorted()[count - 1] / 1e6;
    }

    double avg() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += end[i] - start[i];
        }
        return sum / 1e6 / count;
    }

    /** Nearest-rank percentile. */
    double percentile(double p) {
        long[] d = sorted();
        int rank = (int) Math.ceil(p / 100.0 * count);
        return d[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }

    /** Samples slower than {@code millis}. */
    int slowerThan(double millis) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (end[i] - start[i] > millis * 1e6) {
                n++;
            }
        }
        return n;
    }

    /** Indexes of the {@code n} slowest samples, slowest first. */
    List<Integer> slowest(int n) {
        List<Integer> idx = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingLong((Integer i) -> end[i] - start[i]).reversed());
        return idx.subList(0, Math.min(n, count));
    }
}
