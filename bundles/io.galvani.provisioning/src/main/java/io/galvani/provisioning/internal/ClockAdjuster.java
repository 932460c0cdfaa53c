package io.galvani.provisioning.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BiConsumer;

import io.galvani.security.api.SecurityEventType;
import io.galvani.station.api.StationClock;

/**
 * Adopts the CSMS time (B01.FR.06, G02.FR.06) and reports the security event SettingSystemTime when the clock
 * moves, forwards or backwards, by more than ClockCtrlr.TimeAdjustmentReportingThreshold seconds (Appendix 1;
 * 0 = every adjustment, which with Heartbeat as time source means every Heartbeat). The jump is measured
 * against the station clock just before the adjustment; network delay makes it a little larger than the
 * clock's real error. Thread-safe (Heartbeat answers adjust on the link's thread).
 */
final class ClockAdjuster {
    private final StationClock clock;
    private final BiConsumer<String, String> securityEvents;
    private volatile int thresholdSeconds;

    /** @param securityEvents where SettingSystemTime goes (type, techInfo) */
    ClockAdjuster(StationClock clock, BiConsumer<String, String> securityEvents, int thresholdSeconds) {
        this.clock = clock;
        this.securityEvents = securityEvents;
        this.thresholdSeconds = thresholdSeconds;
    }

    void threshold(int seconds) {
        this.thresholdSeconds = Math.max(0, seconds);
    }

    /** @param source the message whose answer carried the time, for the event's techInfo */
    void adjustTo(Instant csmsTime, String source) {
        Instant before = clock.now();
        clock.adjustTo(csmsTime);
        Duration jump = Duration.between(before, csmsTime);
        if (jump.abs().compareTo(Duration.ofSeconds(thresholdSeconds)) > 0) {
            securityEvents.accept(SecurityEventType.SETTING_SYSTEM_TIME, String.format(Locale.ROOT,
                    "clock adjusted by %+.3f s to %s (time in the %s response, threshold %d s)",
                    jump.toMillis() / 1000.0, csmsTime, source, thresholdSeconds));
        }
    }
}
