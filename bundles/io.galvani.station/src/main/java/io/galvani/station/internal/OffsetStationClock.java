package io.galvani.station.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.station.api.StationClock;

/**
 * The station clock as an offset over the JVM clock: firmware must not set the operating system's
 * clock, and an offset keeps time monotonic between adjustments.
 */
@Component(service = StationClock.class)
public final class OffsetStationClock implements StationClock {
    private static final Logger logger = LoggerFactory.getLogger(OffsetStationClock.class);
    /** Differences below this are jitter (network latency), not worth a log line. */
    private static final Duration LOG_THRESHOLD = Duration.ofSeconds(2);

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public OffsetStationClock() {
        this(Clock.systemUTC());
    }

    OffsetStationClock(Clock base) {
        this.base = base;
    }

    @Override
    public Instant now() {
        return base.instant().plus(offset);
    }

    @Override
    public void adjustTo(Instant csmsTime) {
        Duration newOffset = Duration.between(base.instant(), csmsTime);
        if (newOffset.minus(offset).abs().compareTo(LOG_THRESHOLD) > 0) {
            logger.info("Clock adjusted to CSMS time {} (offset {} ms)", csmsTime, newOffset.toMillis());
        }
        offset = newOffset;
    }
}
