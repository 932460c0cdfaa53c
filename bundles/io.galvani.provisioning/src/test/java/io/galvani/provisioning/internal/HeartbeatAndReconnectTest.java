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
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.HeartbeatResponse;
import io.galvani.ocpp.model.messages.StatusNotificationRequest;
import io.galvani.ocpp.model.messages.StatusNotificationResponse;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.ConnectorStatusEnumType;
import io.galvani.ocpp.model.types.RegistrationStatusEnumType;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

/** G02 heartbeat timing, B01.FR.04, live HeartbeatInterval changes, B04 and TimeSource, on virtual time. */
class HeartbeatAndReconnectTest {
    private static final Instant CSMS_TIME = Instant.parse("2030-01-01T00:00:00Z");

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final RecordingLink link = new RecordingLink();
    private final FakeClock clock = new FakeClock();
    private final TriggeredCalls triggered = new TriggeredCalls();
    private final StatusReporter reporter = new StatusReporter(link, clock, triggered);
    private final List<Integer> stored = new CopyOnWriteArrayList<>();
    private BootSequence boot;

    // ---- G02 / B01.FR.04 ----

    @Test
    void G02_heartbeatEveryIntervalFromBootNotificationResponse() {
        givenAcceptedWithInterval(60);
        int before = link.calls.size();

        scheduler.advance(Duration.ofSeconds(59));
        assertThat(link.actionsFrom(before)).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat", "Heartbeat");
    }

    @Test
    void B01_FR04_acceptedIntervalBecomesHeartbeatIntervalAndIsStored() {
        givenAcceptedWithInterval(60);

        assertThat(boot.heartbeatIntervalSeconds()).isEqualTo(60);
        assertThat(stored).containsExactly(60);
    }

    @Test
    void B01_FR04_intervalEqualToConfiguredIsNotStoredAgain() {
        givenBoot(Map.of("heartbeatIntervalSeconds", 60));
        acceptWithInterval(60);

        assertThat(boot.heartbeatIntervalSeconds()).isEqualTo(60);
        assertThat(stored).isEmpty();
    }

    @Test
    void B01_FR04_intervalZeroKeepsConfiguredHeartbeat() {
        givenBoot(Map.of("heartbeatIntervalSeconds", 20));
        acceptWithInterval(0);
        int before = link.calls.size();

        assertThat(boot.heartbeatIntervalSeconds()).isEqualTo(20);
        assertThat(stored).isEmpty();
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
    }

    @Test
    void B05_heartbeatIntervalChangeReschedulesLive() {
        givenAcceptedWithInterval(300);
        scheduler.advance(Duration.ofSeconds(100));
        int before = link.calls.size();

        // SetVariables OCPPCommCtrlr.HeartbeatInterval = 10 arrives as a configuration change.
        boot.reconfigure(Configs.of(ProvisioningConfig.class, Map.of("heartbeatIntervalSeconds", 10)));

        assertThat(boot.heartbeatIntervalSeconds()).isEqualTo(10);
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
        scheduler.advance(Duration.ofSeconds(190)); // past where the old 300 s heartbeat would have been
        assertThat(link.actionsFrom(before)).hasSize(20).containsOnly("Heartbeat");
        assertThat(boot.status()).isEqualTo(RegistrationStatus.Accepted);
        assertThat(link.actionsFrom(before)).doesNotContain("BootNotification");
    }

    @Test
    void storedIntervalComingBackAsConfigurationChangesNothing() {
        givenAcceptedWithInterval(60);
        scheduler.advance(Duration.ofSeconds(30));
        int before = link.calls.size();

        // Our own write of heartbeatIntervalSeconds = 60 comes back through @Modified.
        boot.reconfigure(Configs.of(ProvisioningConfig.class, Map.of("heartbeatIntervalSeconds", 60)));

        scheduler.advance(Duration.ofSeconds(30)); // not rescheduled: still due at 60 s after acceptance
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
        assertThat(stored).containsExactly(60);
    }

    @Test
    void otherPropertyChangeDoesNotUndoTheCsmsInterval() {
        givenAcceptedWithInterval(60); // storing it "failed": the configuration still says 300

        boot.reconfigure(Configs.of(ProvisioningConfig.class, Map.of("bootRetrySeconds", 5)));

        assertThat(boot.heartbeatIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void heartbeatIntervalBelowOneIsRefused() {
        givenAcceptedWithInterval(60);

        boot.reconfigure(Configs.of(ProvisioningConfig.class, Map.of("heartbeatIntervalSeconds", 0)));

        assertThat(boot.heartbeatIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void G02_heartbeatAnswerSetsTheClock() {
        givenAcceptedWithInterval(10);
        scheduler.advance(Duration.ofSeconds(10));
        Instant later = CSMS_TIME.plusSeconds(3600);

        link.answerLast(HeartbeatResponse.of(later));

        assertThat(clock.adjustedTo()).isEqualTo(later);
    }

    @Test
    void B01_FR06_withoutHeartbeatTimeSourceTheClockDoesNotFollowTheCsms() {
        givenBoot(Map.of("timeSource", ""));
        acceptWithInterval(10);
        scheduler.advance(Duration.ofSeconds(10));
        link.answerLast(HeartbeatResponse.of(CSMS_TIME.plusSeconds(3600)));

        assertThat(clock.adjustedTo()).isNull();
    }

    // ---- B04 ----

    @Test
    void B04_FR01_offlineLongerThanThresholdReportsEveryConnector() {
        givenBoot(Map.of("offlineThresholdSeconds", 60));
        givenConnectors(2);
        acceptWithInterval(300);
        answerAllStatusNotifications();

        disconnect();
        scheduler.advance(Duration.ofSeconds(61));
        int before = link.calls.size();
        reconnect();

        assertThat(statusNotificationsFrom(before)).extracting(StatusNotificationRequest::connectorId)
                .containsExactly(1, 2);
    }

    @Test
    void B04_FR02_offlineShorterThanThresholdReportsOnlyChangedConnectors() {
        givenBoot(Map.of("offlineThresholdSeconds", 60));
        givenConnectors(2);
        acceptWithInterval(300);
        answerAllStatusNotifications();

        disconnect();
        connectorChanged(new ConnectorView(1, 2, "cCCS2", ConnectorStatus.Unavailable, false));
        scheduler.advance(Duration.ofSeconds(60)); // not longer than the threshold
        int before = link.calls.size();
        reconnect();

        assertThat(statusNotificationsFrom(before)).singleElement().satisfies(s -> {
            assertThat(s.connectorId()).isEqualTo(2);
            assertThat(s.connectorStatus()).isEqualTo(ConnectorStatusEnumType.Unavailable);
        });
    }

    @Test
    void B04_offlineThresholdChangeAppliesToTheNextReconnection() {
        givenBoot(Map.of("offlineThresholdSeconds", 600));
        givenConnectors(1);
        acceptWithInterval(300);
        answerAllStatusNotifications();

        boot.reconfigure(Configs.of(ProvisioningConfig.class, Map.of("offlineThresholdSeconds", 5)));
        disconnect();
        scheduler.advance(Duration.ofSeconds(6));
        int before = link.calls.size();
        reconnect();

        assertThat(statusNotificationsFrom(before)).hasSize(1);
    }

    @Test
    void reconnectionAfterAcceptanceSendsNoBootNotification() {
        givenAcceptedWithInterval(300);
        int before = link.calls.size();
        disconnect();
        reconnect();

        assertThat(link.actionsFrom(before)).doesNotContain("BootNotification");
    }

    @Test
    void B10_FR_10_connectingThroughAnotherNetworkProfileRegistersAgain() {
        givenBoot(Map.of());
        link.connected = true;
        scheduler.execute(() -> boot.onConnected(1));
        scheduler.runDue();
        acceptWithInterval(300);
        disconnect();
        link.connected = true;
        scheduler.execute(() -> boot.onConnected(1));
        scheduler.runDue();
        assertThat(boot.status()).as("same profile: still registered").isEqualTo(RegistrationStatus.Accepted);

        int before = link.calls.size();
        disconnect();
        link.connected = true;
        scheduler.execute(() -> boot.onConnected(2));
        scheduler.runDue();
        assertThat(link.actionsFrom(before)).containsExactly("BootNotification");
        assertThat(((BootNotificationRequest) link.last()).reason()).isEqualTo(BootReasonEnumType.PowerUp);
        assertThat(boot.status()).isEqualTo(RegistrationStatus.Unknown);
        acceptWithInterval(300);
    }

    // ---- given / when ----

    private void givenBoot(Map<String, ?> config) {
        boot = new BootSequence(link, clock, scheduler, reporter, triggered,
                new BootContent("Galvani", "Galvani-DC480", "SN1", "1.0"), BootReasonEnumType.PowerUp,
                Configs.of(ProvisioningConfig.class, config), scheduler::nanoTime, stored::add);
        scheduler.execute(boot::onConnected);
        scheduler.runDue();
        assertThat(link.last()).isInstanceOf(BootNotificationRequest.class);
    }

    private void givenAcceptedWithInterval(int interval) {
        givenBoot(Map.of());
        acceptWithInterval(interval);
    }

    private void acceptWithInterval(int interval) {
        link.answerLast(BootNotificationResponse.of(CSMS_TIME, interval, RegistrationStatusEnumType.Accepted));
        scheduler.runDue();
        assertThat(boot.status()).isEqualTo(RegistrationStatus.Accepted);
    }

    private void givenConnectors(int count) {
        for (int c = 1; c <= count; c++) {
            connectorChanged(new ConnectorView(1, c, "cCCS2", ConnectorStatus.Available, false));
        }
    }

    private void connectorChanged(ConnectorView connector) {
        boolean accepted = boot.status() == RegistrationStatus.Accepted;
        scheduler.execute(() -> reporter.onChange(connector, accepted));
        scheduler.runDue();
    }

    private void answerAllStatusNotifications() {
        for (int i = 0; i < link.calls.size(); i++) {
            if (link.calls.get(i) instanceof StatusNotificationRequest) {
                link.answer(i, StatusNotificationResponse.of());
            }
        }
    }

    private void disconnect() {
        link.connected = false;
        scheduler.execute(boot::onDisconnected);
        scheduler.runDue();
    }

    private void reconnect() {
        link.connected = true;
        scheduler.execute(boot::onConnected);
        scheduler.runDue();
    }

    private List<StatusNotificationRequest> statusNotificationsFrom(int index) {
        return link.calls.subList(index, link.calls.size()).stream()
                .filter(StatusNotificationRequest.class::isInstance).map(StatusNotificationRequest.class::cast)
                .toList();
    }
}
