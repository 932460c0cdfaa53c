package io.galvani.csms.demo.internal;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

final class LifecycleThreads {
    private LifecycleThreads() {
    }

    static boolean csmsThreadsEventuallyGone() {
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith(JettyDemoCsms.THREAD_PREFIX)));
        return true;
    }
}
