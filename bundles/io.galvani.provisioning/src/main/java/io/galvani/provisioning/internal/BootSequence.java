package io.galvani.provisioning.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.HeartbeatRequest;
import io.galvani.ocpp.model.messages.HeartbeatResponse;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.StationClock;

/**
 * The registration state machine of OCPP 2.0.1 B01–B03, the heartbeat that follows it (G02) and the
 * reconnection rule of B04. Confined to the provisioning scheduler thread, except for the volatile
 * fields read by the gate and the triggers.
 *
 * <ul>
 * <li>On the first connection, and on every reconnection until accepted, send BootNotification.
 * A plain reconnection after acceptance sends none (OCPP-J §5.3).</li>
 * <li>Pending / Rejected: send it again after the interval the CSMS gave (ours if it gave 0), or at
 * once when the CSMS asks for it with TriggerMessage (B02.FR.04, reason Triggered).</li>
 * <li>No answer (timeout, CALLERROR, connection lost): send it again after bootRetrySeconds.</li>
 * <li>Accepted: adopt the CSMS time (if TimeSource has Heartbeat; a jump beyond
 * TimeAdjustmentReportingThreshold is the security event SettingSystemTime) and its heartbeat interval (if > 0,
 * B01.FR.04, handed to {@code heartbeatAdopted} to be stored as HeartbeatInterval), report every
 * connector.</li>
 * <li>HeartbeatInterval changed in the configuration: the heartbeat is rescheduled at once.</li>
 * <li>Reconnected after acceptance: every connector if the offline period exceeded OfflineThreshold
 * (B04.FR.01), else only the changed ones (B04.FR.02).</li>
 * </ul>
 */
final class BootSequence {
    private static final Logger logger = LoggerFactory.getLogger(BootSequence.class);

    /** CSMS CALLs answered while Pending (B02.FR.01/05); the rest get SecurityError. */
    private static final Set<String> ALLOWED_WHILE_PENDING = Set.of("GetVariables", "SetVariables", "GetBaseReport",
            "GetReport", "TriggerMessage", "RequestStartTransaction", "RequestStopTransaction");

    static final String HEARTBEAT_TIME_SOURCE = "Heartbeat";

    private final OcppLink link;
    private final StationClock clock;
    private final ScheduledExecutorService scheduler;
    private final StatusReporter statusReporter;
    private final TriggeredCalls triggered;
    /** Changes only in its firmware version, when an installer writes the new one ({@link #reconfigure}). */
    private BootContent content;
    private final LongSupplier nanoTime;
    private final IntConsumer heartbeatAdopted;
    private final ClockAdjuster clockAdjuster;

    private volatile RegistrationStatus status = RegistrationStatus.Unknown;
    private volatile Instant acceptedAt;
    private volatile int heartbeatIntervalSeconds;
    private volatile boolean heartbeatTimeSync;
    /** The heartbeat interval the configuration last said, to tell its changes from other @Modified. */
    private int configuredHeartbeatSeconds;
    private int bootRetrySeconds;
    private int offlineThresholdSeconds;
    private BootReasonEnumType reason;
    /** Why the station started; also the reason when it registers again through another network profile. */
    private final BootReasonEnumType startReason;
    private boolean connected;
    /** Network-profile slot of the current connection and of the last accepted BootNotification (0 = unknown). */
    private int connectedSlot;
    private int acceptedSlot;
    /** nanoTime when the connection dropped after acceptance; null while connected. */
    private Long offlineSince;
    private boolean bootInFlight;
    /** TriggerMessage(BootNotification) arrived while one was outstanding: send another if that one fails. */
    private boolean bootTriggered;
    private ScheduledFuture<?> bootRetry;
    private ScheduledFuture<?> heartbeat;

    /**
     * @param nanoTime          monotonic time for the offline period ({@code System::nanoTime})
     * @param heartbeatAdopted  told the interval of an accepted BootNotificationResponse when it differs
     *                          from the configured HeartbeatInterval, to store it
     */
    BootSequence(OcppLink link, StationClock clock, ScheduledExecutorService scheduler, StatusReporter statusReporter,
            TriggeredCalls triggered, BootContent content, BootReasonEnumType reason, ProvisioningConfig config,
            LongSupplier nanoTime, IntConsumer heartbeatAdopted) {
        this(link, clock, scheduler, statusReporter, triggered, content, reason, config, nanoTime, heartbeatAdopted,
                (type, techInfo) -> { });
    }

    /** @param securityEvents where SettingSystemTime goes (type, techInfo) */
    BootSequence(OcppLink link, StationClock clock, ScheduledExecutorService scheduler, StatusReporter statusReporter,
            TriggeredCalls triggered, BootContent content, BootReasonEnumType reason, ProvisioningConfig config,
            LongSupplier nanoTime, IntConsumer heartbeatAdopted, BiConsumer<String, String> securityEvents) {
        this.clockAdjuster = new ClockAdjuster(clock, securityEvents, config.timeAdjustmentReportingThresholdSeconds());
        this.link = link;
        this.clock = clock;
        this.scheduler = scheduler;
        this.statusReporter = statusReporter;
        this.triggered = triggered;
        this.content = content;
        this.reason = reason;
        this.startReason = reason;
        this.nanoTime = nanoTime;
        this.heartbeatAdopted = heartbeatAdopted;
        this.heartbeatIntervalSeconds = validHeartbeat(config.heartbeatIntervalSeconds(),
                ProvisioningVariables.defaultHeartbeatInterval());
        this.configuredHeartbeatSeconds = config.heartbeatIntervalSeconds();
        applyOtherSettings(config);
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

    /**
     * A new configuration with what BootNotification would now say. A changed firmware version (written by the
     * firmware installer after a live update) is told to the CSMS at once with a BootNotification of reason
     * FirmwareUpdate while the station is registered (Accepted), so that the CSMS learns the version without a
     * reboot; otherwise it goes into the next BootNotification. Other BootNotification fields still need a restart.
     */
    void reconfigure(ProvisioningConfig config, BootContent next) {
        reconfigure(config);
        if (next.firmwareVersion().equals(content.firmwareVersion())) {
            return;
        }
        logger.info("Firmware version {} -> {}", content.firmwareVersion(), next.firmwareVersion());
        content = content.withFirmwareVersion(next.firmwareVersion());
        if (status == RegistrationStatus.Accepted && connected) {
            reason = BootReasonEnumType.FirmwareUpdate;
            sendBoot();
        }
    }

    /** A new configuration: applied at once, the heartbeat rescheduled if its interval changed. */
    void reconfigure(ProvisioningConfig config) {
        applyOtherSettings(config);
        int configured = config.heartbeatIntervalSeconds();
        // Only a change of the configured value counts: another property changing must not undo the
        // interval a BootNotificationResponse set when storing it failed.
        if (configured != configuredHeartbeatSeconds) {
            configuredHeartbeatSeconds = configured;
            changeHeartbeatInterval(validHeartbeat(configured, heartbeatIntervalSeconds), "configuration");
        }
    }

    private void applyOtherSettings(ProvisioningConfig config) {
        clockAdjuster.threshold(config.timeAdjustmentReportingThresholdSeconds());
        bootRetrySeconds = config.bootRetrySeconds();
        offlineThresholdSeconds = config.offlineThresholdSeconds();
        boolean sync = Arrays.stream(config.timeSource().split(",")).map(String::trim)
                .anyMatch(HEARTBEAT_TIME_SOURCE::equals);
        if (!sync && heartbeatTimeSync) {
            logger.warn("timeSource '{}' does not include Heartbeat: the clock no longer follows the CSMS time",
                    config.timeSource());
        }
        heartbeatTimeSync = sync;
    }

    private static int validHeartbeat(int seconds, int fallback) {
        if (seconds >= 1) {
            return seconds;
        }
        logger.warn("heartbeatIntervalSeconds must be at least 1, not {}; keeping {} s", seconds, fallback);
        return fallback;
    }

    void onConnected() {
        onConnected(0);
    }

    /** Connected through network-profile slot {@code slot} (0 = unknown). */
    void onConnected(int slot) {
        connected = true;
        connectedSlot = slot;
        if (status == RegistrationStatus.Accepted && slot != 0 && acceptedSlot != 0 && slot != acceptedSlot) {
            // B10.FR.10 (errata): another network profile, possibly another CSMS: register again.
            logger.info("Connected through network profile {} (accepted through {}): BootNotification again", slot,
                    acceptedSlot);
            status = RegistrationStatus.Unknown;
            offlineSince = null;
            reason = startReason;
            link.gateChanged();
            sendBoot();
            return;
        }
        if (status == RegistrationStatus.Accepted) {
            Long since = offlineSince;
            offlineSince = null;
            long offlineNanos = since == null ? 0 : nanoTime.getAsLong() - since;
            if (offlineNanos > TimeUnit.SECONDS.toNanos(offlineThresholdSeconds)) {
                logger.info("Offline for {} s, more than OfflineThreshold {} s: reporting every connector",
                        TimeUnit.NANOSECONDS.toSeconds(offlineNanos), offlineThresholdSeconds);
                statusReporter.reportAll(); // B04.FR.01
            } else {
                statusReporter.reportChanged(); // B04.FR.02
            }
        } else if (bootRetry == null || status == RegistrationStatus.Unknown) {
            sendBoot();
        }
    }

    void onDisconnected() {
        if (connected && status == RegistrationStatus.Accepted) {
            offlineSince = nanoTime.getAsLong();
        }
        connected = false;
    }

    boolean admitOutbound(OcppRequest<?> request) {
        return switch (status) {
            case Accepted -> true;
            // B02.FR.02: while Pending, what the CSMS asked for (reports, triggered messages) may flow too.
            case Pending -> request instanceof BootNotificationRequest || request instanceof NotifyReportRequest
                    || triggered.admits(request);
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

    /**
     * Sends BootNotification now because the CSMS asked for it (the trigger answered Accepted, so the
     * last one was not accepted, F06.FR.17). Sooner than the interval the CSMS gave (B02.FR.04).
     */
    void sendTriggeredBoot() {
        if (status == RegistrationStatus.Accepted) {
            // Accepted since the trigger was answered: that BootNotification complies (F06.FR.10).
            logger.debug("Triggered BootNotification not sent: accepted meanwhile");
            return;
        }
        reason = BootReasonEnumType.Triggered;
        if (bootInFlight) {
            bootTriggered = true;
        } else {
            sendBoot();
        }
    }

    /** Sends a Heartbeat now because the CSMS asked for it; allowed while Pending (B02.FR.02). */
    void sendTriggeredHeartbeat() {
        onHeartbeatAnswer(triggered.call(link, HeartbeatRequest.of()));
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
        bootTriggered = false;
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
        if (bootTriggered) {
            logger.warn("BootNotification got no answer ({}); sending the triggered one now", describe(failure));
            sendBoot();
            return;
        }
        logger.warn("BootNotification got no answer ({}); retrying in {} s", describe(failure), bootRetrySeconds);
        scheduleBoot(bootRetrySeconds);
    }

    private void onBootAnswered(BootNotificationResponse response) {
        if (heartbeatTimeSync) {
            clockAdjuster.adjustTo(response.currentTime(), "BootNotification"); // B01.FR.06
        }
        int interval = response.interval();
        RegistrationStatus previous = status;
        status = RegistrationStatus.valueOf(response.status().value());
        logger.info("BootNotification {} (interval {} s)", status, interval);
        link.gateChanged();
        switch (status) {
            case Accepted -> {
                acceptedAt = clock.now();
                acceptedSlot = connectedSlot;
                bootTriggered = false;
                if (interval > 0) {
                    heartbeatIntervalSeconds = interval; // B01.FR.04, G02.FR.01
                    if (interval != configuredHeartbeatSeconds) {
                        heartbeatAdopted.accept(interval);
                    }
                }
                startHeartbeat();
                // B01.FR.05: report every connector after acceptance; later boots were triggered.
                reason = BootReasonEnumType.Triggered;
                if (previous != RegistrationStatus.Accepted) {
                    statusReporter.reportAll();
                }
            }
            case Pending, Rejected -> {
                if (bootTriggered) {
                    sendBoot();
                } else {
                    scheduleBoot(interval > 0 ? interval : bootRetrySeconds);
                }
            }
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

    private void changeHeartbeatInterval(int seconds, String source) {
        if (seconds == heartbeatIntervalSeconds) {
            return;
        }
        heartbeatIntervalSeconds = seconds;
        logger.info("Heartbeat interval now {} s (from the {})", seconds, source);
        if (heartbeat != null) {
            startHeartbeat(); // live: the next heartbeat comes one new interval from now
        }
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
        onHeartbeatAnswer(link.call(HeartbeatRequest.of()));
    }

    private void onHeartbeatAnswer(CompletionStage<HeartbeatResponse> answer) {
        answer.whenComplete((response, failure) -> {
            if (failure != null) {
                logger.debug("Heartbeat failed: {}", describe(failure));
            } else if (heartbeatTimeSync) {
                clockAdjuster.adjustTo(response.currentTime(), "Heartbeat"); // G02.FR.06
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
