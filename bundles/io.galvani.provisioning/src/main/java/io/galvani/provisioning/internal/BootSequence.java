package io.galvani.provisioning.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.HeartbeatRequest;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.StationClock;

/**
 * The registration state machine of OCPP 2.0.1 B01–B03 and the heartbeat that follows it.
 * Confined to the provisioning scheduler thread, except for the volatile fields read by the gate.
 *
 * <ul>
 * <li>On the first connection, and on every reconnection until accepted, send BootNotification.
 * A plain reconnection after acceptance sends none (OCPP-J §5.3).</li>
 * <li>Pending / Rejected: send it again after the interval the CSMS gave (ours if it gave 0).</li>
 * <li>No answer (timeout, CALLERROR, connection lost): send it again after bootRetrySeconds.</li>
 * <li>Accepted: adopt the CSMS time and heartbeat interval, report every connector.</li>
 * </ul>
 */
final class BootSequence {
    private static final Logger logger = LoggerFactory.getLogger(BootSequence.class);

    /** CSMS CALLs answered while Pending (B02.FR.01/05); the rest get SecurityError. */
    private static final Set<String> ALLOWED_WHILE_PENDING = Set.of("GetVariables", "SetVariables", "GetBaseReport",
            "GetReport", "TriggerMessage", "RequestStartTransaction", "RequestStopTransaction");

    private final OcppLink link;
    private final StationClock clock;
    private final ScheduledExecutorService scheduler;
    private final StatusReporter statusReporter;
    private final BootContent content;

    private volatile RegistrationStatus status = RegistrationStatus.Unknown;
    private volatile Instant acceptedAt;
    private volatile int heartbeatIntervalSeconds;
    private int bootRetrySeconds;
    private BootReasonEnumType reason;
    private boolean connected;
    private boolean bootInFlight;
    private ScheduledFuture<?> bootRetry;
    private ScheduledFuture<?> heartbeat;

    BootSequence(OcppLink link, StationClock clock, ScheduledExecutorService scheduler, StatusReporter statusReporter,
            BootContent content, BootReasonEnumType reason, ProvisioningConfig config) {
        this.link = link;
        this.clock = clock;
        this.scheduler = scheduler;
        this.statusReporter = statusReporter;
        this.content = content;
        this.reason = reason;
        this.heartbeatIntervalSeconds = config.heartbeatIntervalSeconds();
        this.bootRetrySeconds = config.bootRetrySeconds();
    }

    RegistrationStatus status() {
        return status;
    }

    Optional<Instant> acceptedAt() {
        return Optional.ofNullable(acceptedAt);
    }

    int heartbeatIntervalSeconds() {
        return heartbeatIntervalSeconds;
    }

    void reconfigure(ProvisioningConfig config) {
        bootRetrySeconds = config.bootRetrySeconds();
        if (status != RegistrationStatus.Accepted) {
            heartbeatIntervalSeconds = config.heartbeatIntervalSeconds();
        }
    }

    void onConnected() {
        connected = true;
        if (status == RegistrationStatus.Accepted) {
            statusReporter.reportChanged();
        } else if (bootRetry == null || status == RegistrationStatus.Unknown) {
            sendBoot();
        }
    }

    void onDisconnected() {
        connected = false;
    }

    boolean admitOutbound(OcppRequest<?> request) {
        return switch (status) {
            case Accepted -> true;
            // B02.FR.02: while Pending, what the CSMS asked for (reports) may flow too.
            case Pending -> request instanceof BootNotificationRequest || request instanceof NotifyReportRequest;
            case Unknown, Rejected -> request instanceof BootNotificationRequest;
        };
    }

    Optional<OcppCallException> admitInbound(String action) {
        return switch (status) {
            case Accepted -> Optional.empty();
            case Pending -> ALLOWED_WHILE_PENDING.contains(action) ? Optional.empty()
                    : Optional.of(securityError(action, "registration is Pending"));
            case Unknown, Rejected -> Optional.of(securityError(action, "registration is " + status));
        };
    }

    private static OcppCallException securityError(String action, String why) {
        return new OcppCallException(OcppErrorCode.SecurityError, action + " refused: " + why);
    }

    private void sendBoot() {
        if (bootInFlight) {
            return;
        }
        cancel(bootRetry);
        bootRetry = null;
        bootInFlight = true;
        BootNotificationRequest request = BootNotificationRequest.of(reason, content.toChargingStation());
        logger.info("Sending BootNotification (reason {})", reason.value());
        link.call(request).whenComplete((response, failure) -> scheduler.execute(() -> {
            bootInFlight = false;
            if (failure != null) {
                onBootFailed(failure);
            } else {
                onBootAnswered(response);
            }
        }));
    }

    private void onBootFailed(Throwable failure) {
        logger.warn("BootNotification got no answer ({}); retrying in {} s", describe(failure), bootRetrySeconds);
        scheduleBoot(bootRetrySeconds);
    }

    private void onBootAnswered(BootNotificationResponse response) {
        clock.adjustTo(response.currentTime());
        int interval = response.interval();
        RegistrationStatus previous = status;
        status = RegistrationStatus.valueOf(response.status().value());
        logger.info("BootNotification {} (interval {} s)", status, interval);
        link.gateChanged();
        switch (status) {
            case Accepted -> {
                acceptedAt = clock.now();
                if (interval > 0) {
                    heartbeatIntervalSeconds = interval;
                }
                startHeartbeat();
                // B01.FR.05: report every connector after acceptance; later boots were triggered.
                reason = BootReasonEnumType.Triggered;
                if (previous != RegistrationStatus.Accepted) {
                    statusReporter.reportAll();
                }
            }
            case Pending, Rejected -> scheduleBoot(interval > 0 ? interval : bootRetrySeconds);
            default -> throw new IllegalStateException("unexpected registration status " + status);
        }
    }

    private void scheduleBoot(int delaySeconds) {
        cancel(bootRetry);
        bootRetry = scheduler.schedule(() -> {
            bootRetry = null;
            if (connected) {
                sendBoot();
            }
        }, delaySeconds, TimeUnit.SECONDS);
    }

    private void startHeartbeat() {
        cancel(heartbeat);
        int interval = heartbeatIntervalSeconds;
        heartbeat = scheduler.scheduleWithFixedDelay(this::sendHeartbeat, interval, interval, TimeUnit.SECONDS);
    }

    private void sendHeartbeat() {
        if (!connected) {
            return;
        }
        link.call(HeartbeatRequest.of()).whenComplete((response, failure) -> {
            if (failure != null) {
                logger.debug("Heartbeat failed: {}", describe(failure));
            } else {
                clock.adjustTo(response.currentTime());
            }
        });
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
