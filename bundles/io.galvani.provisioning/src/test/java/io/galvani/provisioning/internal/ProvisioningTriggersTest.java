package io.galvani.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.HeartbeatRequest;
import io.galvani.ocpp.model.messages.HeartbeatResponse;
import io.galvani.ocpp.model.messages.StatusNotificationRequest;
import io.galvani.ocpp.model.messages.StatusNotificationResponse;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.ConnectorStatusEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.RegistrationStatusEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

/** F06 TriggerMessage for BootNotification, Heartbeat and StatusNotification, on virtual time. */
class ProvisioningTriggersTest {
    private static final Instant CSMS_TIME = Instant.parse("2030-01-01T00:00:00Z");

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final RecordingLink link = new RecordingLink();
    private final FakeClock clock = new FakeClock();
    private final TriggeredCalls triggered = new TriggeredCalls();
    private final StatusReporter reporter = new StatusReporter(link, clock, triggered);
    private final BootSequence boot = new BootSequence(link, clock, scheduler, reporter, triggered,
            new BootContent("Galvani", "Galvani-DC480", "SN1", "1.0"), BootReasonEnumType.PowerUp,
            Configs.defaults(ProvisioningConfig.class), scheduler::nanoTime, seconds -> { });
    private final ProvisioningTriggers triggers = new ProvisioningTriggers(boot, reporter, scheduler);
    private final RecordingInboundCall call = new RecordingInboundCall();

    @Test
    void servesItsThreeMessages() {
        assertThat(ProvisioningTriggers.SERVED).containsExactlyInAnyOrder(MessageTriggerEnumType.BootNotification,
                MessageTriggerEnumType.Heartbeat, MessageTriggerEnumType.StatusNotification);
    }

    // ---- BootNotification ----

    @Test
    void F06_FR17_bootNotificationRejectedAfterAcceptance() {
        givenAccepted();
        int before = link.calls.size();

        TriggerMessageResponse response = trigger(TriggerMessageRequest.of(MessageTriggerEnumType.BootNotification));

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(call.afterResponse).isEmpty();
        assertThat(link.actionsFrom(before)).isEmpty();
    }

    @Test
    void B02_FR04_triggeredBootNotificationWhilePendingGoesOutAfterTheResponseWithoutWaiting() {
        connectorChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false));
        givenPending(300);
        int before = link.calls.size();

        TriggerMessageResponse response = trigger(TriggerMessageRequest.of(MessageTriggerEnumType.BootNotification));

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        scheduler.runDue();
        assertThat(link.actionsFrom(before)).as("nothing before the response (F06.FR.04)").isEmpty();
        responseWritten();
        assertThat(link.actionsFrom(before)).containsExactly("BootNotification");
        assertThat(((BootNotificationRequest) link.last()).reason()).isEqualTo(BootReasonEnumType.Triggered);

        // TC_B_02 continues: Accepted, then every connector is reported.
        link.answerLast(BootNotificationResponse.of(CSMS_TIME, 300, RegistrationStatusEnumType.Accepted));
        scheduler.runDue();
        assertThat(boot.status()).isEqualTo(RegistrationStatus.Accepted);
        assertThat(link.actionsFrom(before)).containsExactly("BootNotification", "StatusNotification");
        // The retry that was scheduled for the Pending interval is gone.
        scheduler.advance(Duration.ofSeconds(300));
        assertThat(link.actionsFrom(before).stream().filter("BootNotification"::equals)).hasSize(1);
    }

    @Test
    void bootNotificationTriggeredWhileOneIsOutstandingIsSentAgainIfThatOneIsNotAccepted() {
        givenPending(300);
        scheduler.advance(Duration.ofSeconds(300)); // the retry is outstanding now
        int before = link.calls.size();
        assertThat(link.last()).isInstanceOf(BootNotificationRequest.class);

        trigger(TriggerMessageRequest.of(MessageTriggerEnumType.BootNotification));
        responseWritten();
        assertThat(link.actionsFrom(before)).isEmpty();
        link.answerLast(BootNotificationResponse.of(CSMS_TIME, 300, RegistrationStatusEnumType.Pending));
        scheduler.runDue();

        assertThat(link.actionsFrom(before)).containsExactly("BootNotification");
        assertThat(((BootNotificationRequest) link.last()).reason()).isEqualTo(BootReasonEnumType.Triggered);
    }

    // ---- Heartbeat ----

    @Test
    void F06_heartbeatSentAfterTheResponse() {
        givenAccepted();
        int before = link.calls.size();

        TriggerMessageResponse response = trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat)
                .withEvse(EVSEType.of(1))); // not relevant, ignored (F06.FR.03)

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        scheduler.runDue();
        assertThat(link.actionsFrom(before)).isEmpty();
        responseWritten();
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
        link.answerLast(HeartbeatResponse.of(CSMS_TIME.plusSeconds(5)));
        assertThat(clock.adjustedTo()).isEqualTo(CSMS_TIME.plusSeconds(5));
    }

    @Test
    void B02_FR02_triggeredHeartbeatPassesTheGateWhilePending() {
        givenPending(300);
        assertThat(boot.admitOutbound(HeartbeatRequest.of())).as("untriggered heartbeat").isFalse();

        trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat));
        responseWritten();

        HeartbeatRequest sent = (HeartbeatRequest) link.last();
        assertThat(boot.admitOutbound(sent)).isTrue();
        assertThat(boot.admitOutbound(HeartbeatRequest.of())).as("another, equal heartbeat").isFalse();
        link.answerLast(HeartbeatResponse.of(CSMS_TIME));
        assertThat(boot.admitOutbound(sent)).as("once answered").isFalse();
    }

    // ---- StatusNotification ----

    @Test
    void F06_statusNotificationSendsTheCurrentStatusEvenIfUnchanged() {
        givenAccepted();
        connectorChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        int before = link.calls.size();

        TriggerMessageResponse response = trigger(TriggerMessageRequest.of(MessageTriggerEnumType.StatusNotification)
                .withEvse(EVSEType.of(1).withConnectorId(1)));

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        scheduler.runDue();
        assertThat(link.actionsFrom(before)).isEmpty();
        responseWritten();
        assertThat(link.last()).isInstanceOfSatisfying(StatusNotificationRequest.class, s -> {
            assertThat(s.evseId()).isEqualTo(1);
            assertThat(s.connectorId()).isEqualTo(1);
            assertThat(s.connectorStatus()).isEqualTo(ConnectorStatusEnumType.Occupied);
        });
    }

    @Test
    void B02_FR02_triggeredStatusNotificationPassesTheGateWhilePending() {
        connectorChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false));
        givenPending(300);

        trigger(TriggerMessageRequest.of(MessageTriggerEnumType.StatusNotification)
                .withEvse(EVSEType.of(1).withConnectorId(1)));
        responseWritten();

        assertThat(link.last()).isInstanceOf(StatusNotificationRequest.class);
        assertThat(boot.admitOutbound(link.last())).isTrue();
        link.answerLast(StatusNotificationResponse.of());
        assertThat(boot.admitOutbound(link.last())).isFalse();
    }

    @Test
    void F06_FR12_statusNotificationWithoutConnectorIsRejected() {
        givenAccepted();

        TriggerMessageResponse noEvse = trigger(TriggerMessageRequest.of(MessageTriggerEnumType.StatusNotification));
        TriggerMessageResponse noConnector = trigger(TriggerMessageRequest.of(
                MessageTriggerEnumType.StatusNotification).withEvse(EVSEType.of(1)));

        assertThat(noEvse.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(noEvse.statusInfo().reasonCode()).isEqualTo("MissingParam");
        assertThat(noConnector.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(call.afterResponse).isEmpty();
    }

    @Test
    void statusNotificationForUnknownConnectorIsRejected() {
        givenAccepted();

        TriggerMessageResponse unknownEvse = trigger(TriggerMessageRequest.of(
                MessageTriggerEnumType.StatusNotification).withEvse(EVSEType.of(2).withConnectorId(1)));
        TriggerMessageResponse unknownConnector = trigger(TriggerMessageRequest.of(
                MessageTriggerEnumType.StatusNotification).withEvse(EVSEType.of(1).withConnectorId(2)));

        assertThat(unknownEvse.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(unknownEvse.statusInfo().reasonCode()).isEqualTo("UnknownEvse");
        assertThat(unknownConnector.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(unknownConnector.statusInfo().reasonCode()).isEqualTo("UnknownConnectorId");
        assertThat(call.afterResponse).isEmpty();
    }

    @Test
    void F06_FR08_otherMessagesAreNotImplemented() {
        assertThat(trigger(TriggerMessageRequest.of(MessageTriggerEnumType.SignCombinedCertificate)).status())
                .isEqualTo(TriggerMessageStatusEnumType.NotImplemented);
    }

    // ---- given / when ----

    private TriggerMessageResponse trigger(TriggerMessageRequest request) {
        return triggers.trigger(request, call);
    }

    private void responseWritten() {
        call.responseWritten();
        scheduler.runDue();
    }

    private void givenAccepted() {
        connectorChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false));
        connect();
        link.answerLast(BootNotificationResponse.of(CSMS_TIME, 300, RegistrationStatusEnumType.Accepted));
        scheduler.runDue();
        assertThat(boot.status()).isEqualTo(RegistrationStatus.Accepted);
    }

    private void givenPending(int interval) {
        connect();
        link.answerLast(BootNotificationResponse.of(CSMS_TIME, interval, RegistrationStatusEnumType.Pending));
        scheduler.runDue();
        assertThat(boot.status()).isEqualTo(RegistrationStatus.Pending);
    }

    private void connect() {
        scheduler.execute(boot::onConnected);
        scheduler.runDue();
        assertThat(link.last()).isInstanceOf(BootNotificationRequest.class);
    }

    private void connectorChanged(ConnectorView connector) {
        boolean accepted = boot.status() == RegistrationStatus.Accepted;
        scheduler.execute(() -> reporter.onChange(connector, accepted));
        scheduler.runDue();
    }
}
