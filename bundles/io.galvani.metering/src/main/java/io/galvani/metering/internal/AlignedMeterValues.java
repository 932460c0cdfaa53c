package io.galvani.metering.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.station.api.StationClock;

/**
 * Clock-aligned meter values (J01): at every AlignedDataCtrlr.Interval boundary (aligned to midnight UTC,
 * {@link ClockAlignment}) one MeterValuesRequest per EVSE with a meter (and for the main meter, EVSE 0, if
 * there is one), context Sample.Clock, the AlignedDataCtrlr.Measurands, all stamped with the boundary, so
 * the CSMS sees exactly one interval between consecutive timestamps (TC_J_01).
 *
 * <p>Timing follows the {@link StationClock}, which the CSMS may move (Heartbeat time): the scheduler
 * sleeps towards the next boundary for at most {@link #MAX_SLEEP} at a time and re-reads the clock on
 * every wake-up, so a clock adjustment shifts the next sample within a minute. A boundary the clock
 * jumped over by more than {@link #LATE_GRACE} is skipped rather than sent with a wrong timestamp.
 *
 * <p>AlignedDataCtrlr.SendDuringIdle = true: no clock-aligned values, for any EVSE or the main meter,
 * while a transaction runs anywhere on the station (J01.FR.20; the variable is station-wide). Interval 0 or
 * Enabled false: none at all.
 *
 * <p>Confined to the single scheduler thread: {@link #apply} and the wake-ups run there only. A meter that
 * fails is skipped (see {@link MeterRegistry#read}); nothing that goes wrong in one boundary stops the next.
 */
final class AlignedMeterValues {
    private static final Logger logger = LoggerFactory.getLogger(AlignedMeterValues.class);

    /** Longest sleep before the clock is looked at again. */
    static final Duration MAX_SLEEP = Duration.ofSeconds(60);
    /** How late a wake-up may be and still send the boundary it was for. */
    static final Duration LATE_GRACE = Duration.ofSeconds(10);

    private final ScheduledExecutorService scheduler;
    private final StationClock clock;
    private final MeterRegistry meters;
    private final MeterValuesSender sender;
    private final BooleanSupplier transactionRunning;

    private MeteringSettings settings;
    private ScheduledFuture<?> wakeUp;
    /** The boundary we are waiting for; null while off. */
    private Instant target;
    /** The last boundary sent, so that a clock set back does not send it twice. */
    private Instant lastSent;

    /**
     * @param transactionRunning whether a transaction runs on any EVSE of the station
     */
    AlignedMeterValues(ScheduledExecutorService scheduler, StationClock clock, MeterRegistry meters,
            MeterValuesSender sender, BooleanSupplier transactionRunning) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.meters = meters;
        this.sender = sender;
        this.transactionRunning = transactionRunning;
    }

    /**
     * Takes new settings. A changed Interval or Enabled replans at once: the next sample comes at the next
     * boundary of the new interval. Other changes (measurands, SendDuringIdle) apply from the next boundary.
     */
    void apply(MeteringSettings newSettings) {
        MeteringSettings old = settings;
        settings = newSettings;
        if (old == null || old.alignedActive() != newSettings.alignedActive()
                || old.alignedIntervalSeconds() != newSettings.alignedIntervalSeconds()) {
            plan();
        }
    }

    private void plan() {
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
        target = null;
        if (!settings.alignedActive()) {
            logger.info("Clock-aligned meter values off (AlignedDataCtrlr.Enabled={}, Interval={})",
                    settings.alignedEnabled(), settings.alignedIntervalSeconds());
            return;
        }
        int interval = settings.alignedIntervalSeconds();
        Instant now = clock.now();
        Instant next = ClockAlignment.nextBoundary(now, interval);
        if (lastSent != null && !next.isAfter(lastSent)) {
            next = ClockAlignment.nextBoundary(lastSent, interval);
        }
        target = next;
        logger.debug("Next clock-aligned meter values at {} (interval {} s)", next, interval);
        sleepTowardsTarget(now);
    }

    private void sleepTowardsTarget(Instant now) {
        long nanos = Math.min(Duration.between(now, target).toNanos(), MAX_SLEEP.toNanos());
        try {
            wakeUp = scheduler.schedule(this::wake, Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            logger.debug("Metering stopped; clock-aligned meter values end");
        }
    }

    private void wake() {
        wakeUp = null;
        if (target == null) {
            return;
        }
        Instant now = clock.now();
        if (now.isBefore(target)) {
            sleepTowardsTarget(now);
            return;
        }
        Instant boundary = target;
        try {
            if (now.isAfter(boundary.plus(LATE_GRACE))) {
                logger.info("Clock-aligned meter values for {} skipped: the clock is already at {}", boundary, now);
            } else {
                lastSent = boundary;
                sendAll(boundary);
            }
        } catch (RuntimeException e) {
            logger.error("Clock-aligned meter values for {} failed", boundary, e);
        } finally {
            plan();
        }
    }

    private void sendAll(Instant boundary) {
        if (settings.sendDuringIdle() && transactionRunning.getAsBoolean()) {
            logger.debug("Clock-aligned meter values for {} not sent: a transaction runs and "
                    + "AlignedDataCtrlr.SendDuringIdle is true (J01.FR.20)", boundary);
            return;
        }
        List<MeasurandEnumType> measurands = settings.alignedMeasurands();
        if (measurands.isEmpty()) {
            logger.debug("Clock-aligned meter values for {} not sent: AlignedDataCtrlr.Measurands is empty", boundary);
            return;
        }
        for (Map.Entry<Integer, EnergyMeter> e : meters.byEvse().entrySet()) {
            int evseId = e.getKey();
            Optional<MeterReading> reading = meters.read(e.getValue(), evseId);
            if (reading.isEmpty()) {
                continue;
            }
            Optional<MeterValueType> value = MeterSampler.meterValue(reading.get(), measurands,
                    ReadingContextEnumType.Sample_Clock, evseId, boundary);
            if (value.isPresent()) {
                sender.send(MeterValuesRequest.of(evseId, List.of(value.get())));
            } else {
                logger.debug("EVSE {} has none of the measurands {} at {}", evseId, measurands, boundary);
            }
        }
    }
}
