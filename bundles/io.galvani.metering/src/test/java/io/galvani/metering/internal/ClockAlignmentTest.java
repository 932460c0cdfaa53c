package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** AlignedDataCtrlr.Interval boundaries: evenly spaced per day from midnight UTC (§2.7.12). */
class ClockAlignmentTest {

    @Test
    void J01_quarterHoursFromMidnight() {
        assertThat(next("2026-11-25T10:07:30Z", 900)).isEqualTo("2026-11-25T10:15:00Z");
        assertThat(next("2026-11-25T10:15:00Z", 900)).as("strictly after").isEqualTo("2026-11-25T10:30:00Z");
        assertThat(next("2026-11-25T10:14:59.999999Z", 900)).isEqualTo("2026-11-25T10:15:00Z");
        assertThat(next("2026-11-25T10:15:00.000001Z", 900)).isEqualTo("2026-11-25T10:30:00Z");
        assertThat(next("2026-11-25T23:50:00Z", 900)).isEqualTo("2026-11-26T00:00:00Z");
    }

    @Test
    void intervalThatDoesNotDivideTheDayRestartsAtMidnight() {
        // 7 h: 00:00, 07:00, 14:00, 21:00, then midnight again rather than 04:00.
        assertThat(next("2026-11-25T20:00:00Z", 25_200)).isEqualTo("2026-11-25T21:00:00Z");
        assertThat(next("2026-11-25T21:00:00Z", 25_200)).isEqualTo("2026-11-26T00:00:00Z");
    }

    @Test
    void aDayOrMoreMeansMidnight() {
        assertThat(next("2026-11-25T00:00:00Z", 86_400)).isEqualTo("2026-11-26T00:00:00Z");
        assertThat(next("2026-11-25T13:00:00Z", 200_000)).isEqualTo("2026-11-26T00:00:00Z");
    }

    @Test
    void oddIntervalsAndBeforeTheEpoch() {
        assertThat(next("2026-11-25T00:00:10Z", 7)).isEqualTo("2026-11-25T00:00:14Z");
        assertThat(next("1969-12-31T23:59:59Z", 60)).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void zeroIsNotAnInterval() {
        assertThatThrownBy(() -> ClockAlignment.nextBoundary(Instant.EPOCH, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String next(String now, int interval) {
        return ClockAlignment.nextBoundary(Instant.parse(now), interval).toString();
    }
}
