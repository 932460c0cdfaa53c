package io.galvani.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventListener;
import io.galvani.security.api.SecurityEvents;

/** In-framework steps of {@link SecurityEventsPaxExamTest}. */
final class SecurityEventSteps extends StationSteps {

    SecurityEventSteps(BundleContext context) {
        super(context, Duration.ofSeconds(20));
    }

    void listenerToldAndRecentSurvivesRestart() throws Exception {
        List<SecurityEvent> told = new CopyOnWriteArrayList<>();
        ServiceRegistration<SecurityEventListener> registration = context.registerService(
                SecurityEventListener.class, told::add, null);
        try {
            SecurityEvents events = service(SecurityEvents.class, null);
            events.report("GalvaniPaxExamEvent", "from the probe");
            until("the listener service is told", () -> told.stream()
                    .anyMatch(e -> e.type().equals("GalvaniPaxExamEvent")) ? null : "told: " + told);
            assertEquals("from the probe", told.get(told.size() - 1).techInfo());

            Bundle bundle = bundle("io.galvani.security.events");
            bundle.stop();
            until("no galvani-security-events thread left", () -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("galvani-security-events")) ? "still running" : null);
            bundle.start();

            SecurityEvents again = service(SecurityEvents.class, null);
            List<SecurityEvent> recent = again.recent(50);
            assertTrue("read back from the security log after the restart: " + recent,
                    recent.stream().anyMatch(e -> e.type().equals("GalvaniPaxExamEvent")
                            && "from the probe".equals(e.techInfo()) && !e.critical()));
            again.report("GalvaniPaxExamEvent", "after the restart");
            until("the listener is bound to the new component too", () -> told.stream()
                    .anyMatch(e -> "after the restart".equals(e.techInfo())) ? null : "told: " + told);
        } finally {
            registration.unregister();
        }
    }
}
