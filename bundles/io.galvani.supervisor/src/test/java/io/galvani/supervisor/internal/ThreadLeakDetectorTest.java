package io.galvani.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;

class ThreadLeakDetectorTest {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private final ThreadLeakDetector detector = new ThreadLeakDetector(1);
    private final CountDownLatch end = new CountDownLatch(1);
    private volatile int state = Bundle.ACTIVE;
    /** A stopped bundle that contains this test's classes: a thread running them runs "its" code. */
    private final Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
            (proxy, method, args) -> switch (method.getName()) {
                case "getBundleId" -> 42L;
                case "getSymbolicName" -> "io.acme.leaky";
                case "getState" -> state;
                case "getEntry" -> ((String) args[0]).startsWith("io/galvani/supervisor/internal/ThreadLeakDetectorTest")
                        ? url() : null;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @AfterEach
    void endThreads() {
        end.countDown();
    }

    @Test
    void aThreadStartedByTheBundleAndStillRunningItsCodeAfterTheGraceIsALeak() throws Exception {
        detector.bundleChanged(new BundleEvent(BundleEvent.STARTING, bundle));
        Thread poller = new Thread(this::block, "acme-poller");
        poller.start();
        detector.bundleChanged(new BundleEvent(BundleEvent.STARTED, bundle));
        state = Bundle.RESOLVED;
        detector.bundleChanged(new BundleEvent(BundleEvent.STOPPED, bundle));

        assertThat(detector.check(Thread.getAllStackTraces(), Instant.now(), GRACE)).as("within the grace").isEmpty();
        var leaks = detector.check(Thread.getAllStackTraces(), Instant.now().plus(GRACE), GRACE);
        assertThat(leaks).singleElement().satisfies(leak -> {
            assertThat(leak.threads()).contains(poller);
            assertThat(leak.runningItsCode()).contains(poller);
        });
        assertThat(detector.check(Thread.getAllStackTraces(), Instant.now().plus(GRACE), GRACE))
                .as("each stop is checked once").isEmpty();
    }

    @Test
    void aBundleWhoseThreadsEndedLeavesNothing() {
        detector.bundleChanged(new BundleEvent(BundleEvent.STARTING, bundle));
        detector.bundleChanged(new BundleEvent(BundleEvent.STARTED, bundle));
        state = Bundle.RESOLVED;
        detector.bundleChanged(new BundleEvent(BundleEvent.STOPPED, bundle));
        assertThat(detector.check(Thread.getAllStackTraces(), Instant.now().plus(GRACE), GRACE))
                .noneMatch(l -> l.threads().stream().anyMatch(t -> t.getName().equals("acme-poller")));
    }

    private void block() {
        try {
            end.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URL url() {
        try {
            return new URL("file:/x.class");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
