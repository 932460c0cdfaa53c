package io.galvani.firmware.installer.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Measures how long the OCPP link is down during an installation by looking at it every
 * {@value #SAMPLE_MILLIS} ms (and at each step): a transport that is being swapped may go without telling anyone, so
 * its absence counts as down too. The resolution is the sampling period.
 */
final class LinkWatch implements AutoCloseable {
    static final long SAMPLE_MILLIS = 10;
    private final BooleanSupplier linkUp;
    private final ScheduledFuture<?> sampling;
    private long downSince = -1;
    private long downNanos;

    LinkWatch(ScheduledExecutorService scheduler, BooleanSupplier linkUp) {
        this.linkUp = linkUp;
        sample();
        this.sampling = scheduler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Looks at the link now. */
    synchronized void sample() {
        long now = System.nanoTime();
        boolean up;
        try {
            up = linkUp.getAsBoolean();
        } catch (RuntimeException e) {
            up = false;
        }
        if (up && downSince >= 0) {
            downNanos += now - downSince;
            downSince = -1;
        } else if (!up && downSince < 0) {
            downSince = now;
        }
    }

    /** Down time so far, counting a current outage up to now. */
    synchronized long downMillis() {
        long total = downNanos + (downSince >= 0 ? System.nanoTime() - downSince : 0);
        return total / 1_000_000;
    }

    @Override
    public void close() {
        sampling.cancel(false);
    }
}
