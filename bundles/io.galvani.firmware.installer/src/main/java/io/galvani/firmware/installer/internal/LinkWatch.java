package io.galvani.firmware.installer.internal;

import java.util.function.BooleanSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionListener;

/**
 * Measures how long the OCPP link is down during an installation: told by the transport (connection listener,
 * registered for the installation only) and, since a transport that is being swapped may not say goodbye, by the
 * link's absence too ({@link #sample}).
 */
final class LinkWatch implements OcppConnectionListener, AutoCloseable {
    private final ServiceRegistration<OcppConnectionListener> registration;
    private final BooleanSupplier linkUp;
    private long downSince = -1;
    private long downNanos;
    private boolean everDown;

    LinkWatch(BundleContext context, BooleanSupplier linkUp) {
        this.linkUp = linkUp;
        if (!linkUp.getAsBoolean()) {
            downSince = System.nanoTime();
        }
        this.registration = context.registerService(OcppConnectionListener.class, this, null);
    }

    @Override
    public synchronized void connected(LinkStatus status) {
        up(System.nanoTime());
    }

    @Override
    public synchronized void disconnected(LinkStatus status) {
        down(System.nanoTime());
    }

    /** Looks at the link now (the transport may have gone without telling). */
    synchronized void sample() {
        long now = System.nanoTime();
        if (linkUp.getAsBoolean()) {
            up(now);
        } else {
            down(now);
        }
    }

    private void up(long now) {
        if (downSince >= 0) {
            downNanos += now - downSince;
            downSince = -1;
        }
    }

    private void down(long now) {
        if (downSince < 0) {
            downSince = now;
            everDown = true;
        }
    }

    synchronized boolean everDown() {
        return everDown;
    }

    /** Down time so far, counting a current outage up to now. */
    synchronized long downMillis() {
        long total = downNanos + (downSince >= 0 ? System.nanoTime() - downSince : 0);
        return total / 1_000_000;
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the framework
        }
    }
}
