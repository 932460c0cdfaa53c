package io.galvani.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.HeartbeatRequest;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.RegistrationStatusEnumType;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.StationClock;

class BootSequenceTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingLink link = new RecordingLink();
    private final Instant csmsTime = Instant.parse("2030-01-01T00:00:00Z");
    private volatile Instant adjustedTo;
    private final StationClock clock = new StationClock() {
        @Override
        public Instant now() {
            return adjustedTo == null ? Instant.EPOCH : adjustedTo;
        }

        @Override
        public void adjustTo(Instant t) {
            adjustedTo = t;
        }
    };
    private final TriggeredCalls triggered = new TriggeredCalls();
    private final StatusReporter reporter = new StatusReporter(link, clock, triggered);
    private final BootSequence boot = new BootSequence(link, clock, scheduler, reporter, triggered,
            new BootContent("Galvani", "Galvani-DC480", "SN1", "1.0"), BootReasonEnumType.PowerUp,
            Configs.of(ProvisioningConfig.class, Map.of("bootRetrySeconds", 1)), System::nanoTime, seconds -> { });

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void B01_acceptedAdoptsCsmsTimeAndReportsEveryConnector() {
        connect();
        BootNotificationRequest sent = (BootNotificationRequest) link.awaitCall(0);
        assertThat(sent.reason()).isEqualTo(BootReasonEnumType.PowerUp);
        assertThat(sent.chargingStation().serialNumber()).isEqualTo("SN1");
        assertThat(boot.admitOutbound(HeartbeatRequest.of())).isFalse();

        link.answer(0, BootNotificationResponse.of(csmsTime, 60, RegistrationStatusEnumType.Accepted));
        await().until(() -> boot.status() == RegistrationStatus.Accepted);
        assertThat(adjustedTo).isEqualTo(csmsTime);
        assertThat(boot.heartbeatIntervalSeconds()).isEqualTo(60);
        assertThat(boot.admitOutbound(HeartbeatRequest.of())).isTrue();
        assertThat(boot.admitInbound("Reset")).isEmpty();
        assertThat(link.awaitCall(1).ocppAction()).isEqualTo("StatusNotification");
    }

    @Test
    void B02_pendingHoldsEverythingButBootAndReports() {
        connect();
        link.awaitCall(0);
        link.answer(0, BootNotificationResponse.of(csmsTime, 1, RegistrationStatusEnumType.Pending));
        await().until(() -> boot.status() == RegistrationStatus.Pending);

        assertThat(boot.admitOutbound(HeartbeatRequest.of())).isFalse();
        assertThat(boot.admitOutbound(NotifyReportRequest.of(1, csmsTime, 0))).isTrue();
        assertThat(boot.admitInbound("GetVariables")).isEmpty();
        assertThat(boot.admitInbound("Reset")).get().extracting(e -> e.errorCode())
                .isEqualTo(OcppErrorCode.SecurityError);
        // Sent again after the interval the CSMS gave.
        assertThat(link.awaitCall(1)).isInstanceOf(BootNotificationRequest.class);
    }

    @Test
    void B03_rejectedRefusesEveryCsmsCall() {
        connect();
        link.awaitCall(0);
        link.answer(0, BootNotificationResponse.of(csmsTime, 1, RegistrationStatusEnumType.Rejected));
        await().until(() -> boot.status() == RegistrationStatus.Rejected);
        assertThat(boot.admitInbound("GetBaseReport")).get().extracting(e -> e.errorCode())
                .isEqualTo(OcppErrorCode.SecurityError);
        assertThat(boot.admitInbound("TriggerMessage")).isPresent();
        assertThat(link.awaitCall(1)).isInstanceOf(BootNotificationRequest.class);
    }

    @Test
    void B01_failedBootIsRetriedAfterBootRetrySeconds() {
        connect();
        link.awaitCall(0);
        link.fail(0, new io.galvani.ocpp.api.OcppTimeoutException("no answer"));
        assertThat(link.awaitCall(1)).isInstanceOf(BootNotificationRequest.class);
        assertThat(boot.status()).isEqualTo(RegistrationStatus.Unknown);
    }

    @Test
    void firmwareVersionChangedWhileAccepted_BootNotificationReasonFirmwareUpdate() {
        connect();
        link.awaitCall(0);
        link.answer(0, BootNotificationResponse.of(csmsTime, 60, RegistrationStatusEnumType.Accepted));
        await().until(() -> boot.status() == RegistrationStatus.Accepted);
        int before = link.calls.size();

        scheduler.execute(() -> boot.reconfigure(config(Map.of("bootRetrySeconds", 1)),
                new BootContent("Galvani", "Galvani-DC480", "SN1", "1.0")));
        scheduler.execute(() -> boot.reconfigure(config(Map.of("bootRetrySeconds", 1, "firmwareVersion", "1.1")),
                new BootContent("Galvani", "Galvani-DC480", "SN1", "1.1")));

        await().until(() -> link.calls.stream().skip(before).anyMatch(BootNotificationRequest.class::isInstance));
        BootNotificationRequest again = link.calls.stream().skip(before).filter(BootNotificationRequest.class::isInstance)
                .map(BootNotificationRequest.class::cast).findFirst().orElseThrow();
        io.galvani.ocpp.testing.OcppSchemas.assertValid(again);
        assertThat(again.reason()).isEqualTo(BootReasonEnumType.FirmwareUpdate);
        assertThat(again.chargingStation().firmwareVersion()).isEqualTo("1.1");
        assertThat(boot.status()).as("still registered while the CSMS answers").isEqualTo(RegistrationStatus.Accepted);
        assertThat(link.calls.stream().skip(before).filter(BootNotificationRequest.class::isInstance)).hasSize(1);
    }

    @Test
    void firmwareVersionChangedBeforeAcceptance_goesIntoTheNextBootNotificationOnly() {
        connect();
        link.awaitCall(0);

        scheduler.execute(() -> boot.reconfigure(config(Map.of("bootRetrySeconds", 1, "firmwareVersion", "1.1")),
                new BootContent("Galvani", "Galvani-DC480", "SN1", "1.1")));
        link.fail(0, new io.galvani.ocpp.api.OcppTimeoutException("no answer"));

        BootNotificationRequest retry = (BootNotificationRequest) link.awaitCall(1);
        assertThat(retry.reason()).isEqualTo(BootReasonEnumType.PowerUp);
        assertThat(retry.chargingStation().firmwareVersion()).isEqualTo("1.1");
    }

    private static ProvisioningConfig config(Map<String, ?> values) {
        return Configs.of(ProvisioningConfig.class, values);
    }

    private void connect() {
        scheduler.execute(() -> {
            reporter.onChange(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false), false);
            boot.onConnected();
        });
    }
}
