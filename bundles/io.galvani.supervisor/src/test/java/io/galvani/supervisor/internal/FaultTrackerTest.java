package io.galvani.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ComponentKey;

class FaultTrackerTest {
    private static final ComponentId METER = new ComponentId(42, "io.acme.hal.meter", "io.acme.hal.meter");
    private static final ComponentKey DEVICE = ComponentKey.of("ControlMetering").atEvse(1);
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final FaultTracker tracker = new FaultTracker(new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(5)));

    @Test
    void backOffDoublesUpToItsMaximum() {
        BackOff backOff = new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(List.of(1, 2, 3, 4, 40).stream().map(backOff::delayAfter).map(Duration::toMillis))
                .containsExactly(1000L, 2000L, 4000L, 5000L, 5000L);
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("backOffMaxMillis (1000) must be >= backOffMinMillis (2000)");
    }

    @Test
    void failedComponentIsDisabledAndEnabledAfterItsBackOffReportedOnce() {
        List<Decision> first = tracker.observe(List.of(failed()), T0);
        assertThat(first).containsExactly(new Decision.Faulted(METER, DEVICE, "boom", 1, true),
                new Decision.Disable(METER, Duration.ofSeconds(1)));

        assertThat(tracker.observe(List.of(failed()), T0.plusMillis(10)))
                .as("SCR has not disabled it yet: the same failure is not counted twice").isEmpty();
        assertThat(tracker.observe(List.of(disabled()), T0.plusMillis(999))).as("back-off not over").isEmpty();
        assertThat(tracker.observe(List.of(disabled()), T0.plusMillis(1000))).containsExactly(new Decision.Enable(METER));

        List<Decision> second = tracker.observe(List.of(failed()), T0.plusMillis(1100));
        assertThat(second).containsExactly(new Decision.Faulted(METER, DEVICE, "boom", 2, false),
                new Decision.Disable(METER, Duration.ofSeconds(2)));
        assertThat(tracker.anyFaulted()).isTrue();
    }

    @Test
    void recoveryClearsTheFaultAndResetsTheBackOff() {
        tracker.observe(List.of(failed()), T0);
        tracker.observe(List.of(disabled()), T0.plusSeconds(1));
        tracker.observe(List.of(failed()), T0.plusSeconds(2));
        tracker.observe(List.of(disabled()), T0.plusSeconds(4));

        assertThat(tracker.observe(List.of(new Observation(METER, Observation.Health.RUNNING, null, null)), T0.plusSeconds(5)))
                .containsExactly(new Decision.Recovered(METER, DEVICE, false));
        assertThat(tracker.anyFaulted()).isFalse();

        assertThat(tracker.observe(List.of(failed()), T0.plusSeconds(6))).as("a new episode starts at the minimum")
                .containsExactly(new Decision.Faulted(METER, DEVICE, "boom", 1, true),
                        new Decision.Disable(METER, Duration.ofSeconds(1)));
    }

    @Test
    void componentGoneDuringItsFaultClearsIt() {
        tracker.observe(List.of(failed()), T0);
        assertThat(tracker.observe(List.of(), T0.plusMillis(10))).containsExactly(new Decision.Recovered(METER, DEVICE, true));
    }

    @Test
    void componentsDisabledBySomeoneElseOrWaitingAreLeftAlone() {
        assertThat(tracker.observe(List.of(disabled(),
                new Observation(new ComponentId(1, "b", "c"), Observation.Health.WAITING, null, null)), T0)).isEmpty();
        assertThat(tracker.disabledByUs()).isEmpty();
    }

    private static Observation failed() {
        return new Observation(METER, Observation.Health.FAILED, DEVICE, "boom");
    }

    private static Observation disabled() {
        return new Observation(METER, Observation.Health.DISABLED, null, null);
    }
}
