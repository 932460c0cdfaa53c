package io.galvani.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.HeartbeatResponse;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.RegistrationStatusEnumType;

/**
 * Appendix 1 SettingSystemTime (critical): the clock adjusted from the CSMS time (B01.FR.06, G02.FR.06) by more
 * than ClockCtrlr.TimeAdjustmentReportingThreshold seconds, forwards or backwards.
 */
class SettingSystemTimeTest {
    private static final Instant STATION_TIME = Instant.parse("2020-01-01T00:00:00Z");

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final RecordingLink link = new RecordingLink();
    private final FakeClock clock = new FakeClock();
    private final TriggeredCalls triggered = new TriggeredCalls();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private BootSequence boot;

    @Test
    void A04_aClockSetByTheBootNotificationAnswerIsReported() {
        givenBoot(Map.of());

        accept(STATION_TIME.plus(Duration.ofDays(1)));

        assertThat(events).singleElement().asString().isEqualTo("SettingSystemTime clock adjusted by +86400.000 s to "
                + "2020-01-02T00:00:00Z (time in the BootNotification response, threshold 20 s)");
    }

    @Test
    void A04_anAdjustmentWithinTheThresholdIsNotReportedEitherWay() {
        givenBoot(Map.of());
        accept(STATION_TIME.plusSeconds(20));
        clock.set(STATION_TIME);

        heartbeatAnswer(STATION_TIME.minusSeconds(19));

        assertThat(events).isEmpty();
    }

    @Test
    void A04_aHeartbeatThatSetsTheClockBackIsReported() {
        givenBoot(Map.of());
        accept(STATION_TIME);

        heartbeatAnswer(STATION_TIME.minusSeconds(21));

        assertThat(events).singleElement().asString().startsWith("SettingSystemTime clock adjusted by -21.000 s to "
                + "2019-12-31T23:59:39Z (time in the Heartbeat response");
    }

    @Test
    void B05_aNewThresholdAppliesAtOnce() {
        givenBoot(Map.of());
        accept(STATION_TIME);

        boot.reconfigure(Configs.of(ProvisioningConfig.class, Map.of("timeAdjustmentReportingThresholdSeconds", 3600)));
        heartbeatAnswer(clock.now().plusSeconds(1800));
        assertThat(events).isEmpty();

        boot.reconfigure(Configs.of(ProvisioningConfig.class, Map.of("timeAdjustmentReportingThresholdSeconds", 0)));
        heartbeatAnswer(clock.now().plusMillis(250));
        assertThat(events).singleElement().asString().contains("+0.250 s").contains("threshold 0 s");
    }

    @Test
    void withoutHeartbeatAsTimeSourceTheClockIsNotSetAndNothingIsReported() {
        givenBoot(Map.of("timeSource", "NTP"));

        accept(STATION_TIME.plus(Duration.ofDays(365)));

        assertThat(clock.adjustedTo()).isNull();
        assertThat(events).isEmpty();
    }

    private void givenBoot(Map<String, ?> config) {
        clock.set(STATION_TIME);
        boot = new BootSequence(link, clock, scheduler, new StatusReporter(link, clock, triggered), triggered,
                new BootContent("Galvani", "Galvani-DC480", "SN1", "1.0"), BootReasonEnumType.PowerUp,
                Configs.of(ProvisioningConfig.class, config), scheduler::nanoTime, seconds -> { },
                (type, techInfo) -> events.add(type + " " + techInfo));
        scheduler.execute(boot::onConnected);
        scheduler.runDue();
    }

    private void accept(Instant csmsTime) {
        link.answerLast(BootNotificationResponse.of(csmsTime, 60, RegistrationStatusEnumType.Accepted));
        scheduler.runDue();
    }

    private void heartbeatAnswer(Instant csmsTime) {
        int before = link.calls.size();
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(link.actionsFrom(before)).contains("Heartbeat");
        link.answerLast(HeartbeatResponse.of(csmsTime));
    }
}
