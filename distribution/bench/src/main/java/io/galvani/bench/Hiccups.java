package io.galvani.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A hiccup meter (as jHiccup): a thread of the bench that only sleeps 1 ms at a time and notes when it wakes up
 * late. A late wake-up that overlaps a slow sample says the machine did not run anything for a while (all cores
 * busy, or the virtual CPU descheduled by the host), not that the station was slow on its own.
 */
final class Hiccups implements AutoCloseable {

    private static final long TICK = 1_000_000L;
    private final long thresholdNanos;
    private final List<GcLog.Pause> hiccups = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Hiccups(double thresholdMillis) {
        this.thresholdNanos = (long) (thresholdMillis * 1e6);
        this.thread = new Thread(this::run, "galvani-bench-hiccups");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    private void run() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(TICK);
            long after = System.nanoTime();
            long late = after - before - TICK;
            if (late > thresholdNanos) {
                synchronized (hiccups) {
                    hiccups.add(new GcLog.Pause(before + TICK, after,
                            String.format(java.util.Locale.ROOT, "bench hiccup %.1f ms", late / 1e6)));
                }
            }
        }
    }

    List<GcLog.Pause> hiccups() {
        synchronized (hiccups) {
            return List.copyOf(hiccups);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
