package io.galvani.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.security.api.SecurityEvents;

/**
 * A04: provisioning's security events (StartupOfTheDevice, SettingSystemTime) reach the SecurityEvents service,
 * which DS binds after the component's constructor and which may come later or go.
 */
class SecurityEventSinkTest {
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final FakeClock clock = new FakeClock();
    private final SecurityEventSink sink = new SecurityEventSink(scheduler, clock::now);
    private final Recording events = new Recording();

    @Test
    void A04_anEventReportedBeforeTheServiceIsBoundIsReportedWhenItIs() {
        sink.report("StartupOfTheDevice", "reason=PowerUp");
        assertThat(events.reported).isEmpty();

        sink.bind(events);

        assertThat(events.reported).containsExactly("StartupOfTheDevice reason=PowerUp");
    }

    @Test
    void A04_aLateEventCarriesTheTimeItHappened() {
        Instant at = clock.now();
        sink.report("StartupOfTheDevice", "reason=PowerUp");
        sink.report("SettingSystemTime", "clock adjusted");
        clock.set(at.plusSeconds(30));
        scheduler.advance(Duration.ofSeconds(SecurityEventSink.WARN_AFTER_SECONDS)); // WARNed meanwhile

        sink.bind(events);

        assertThat(events.reported).containsExactly("StartupOfTheDevice reason=PowerUp (at " + at + ")",
                "SettingSystemTime clock adjusted (at " + at + ")");
    }

    @Test
    void A04_withTheServiceBoundEventsGoStraightThrough() {
        sink.bind(events);

        sink.report("SettingSystemTime", "x");

        assertThat(events.reported).containsExactly("SettingSystemTime x");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void afterTheServiceWentEventsAreHeldForTheNextOne() {
        sink.bind(events);
        sink.unbind(events);
        sink.report("SettingSystemTime", "while it was away");
        Recording next = new Recording();

        sink.bind(next);

        assertThat(events.reported).isEmpty();
        assertThat(next.reported).containsExactly("SettingSystemTime while it was away");
    }

    @Test
    void atMostSixteenAreHeld() {
        for (int i = 0; i < 20; i++) {
            sink.report("SettingSystemTime", "n" + i);
        }
        sink.bind(events);

        assertThat(events.reported).hasSize(SecurityEventSink.MAX_HELD);
    }

    private static final class Recording implements SecurityEvents {
        final List<String> reported = new CopyOnWriteArrayList<>();

        @Override
        public void report(String type, String techInfo) {
            reported.add(type + " " + techInfo);
        }
    }
}
