package io.galvani.ocpp.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** OCPP-J §5.3 + errata 4.12 reconnect back-off, with an injected random source. */
class BackOffTest {

    private static List<Long> schedule(BackOff b, int n, int wait, int range, int repeat) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.next(wait, range, repeat).toMillis());
        }
        return out;
    }

    @Test
    void firstRetryIsWaitMinimumPlusRandomThenDoublesUpToRepeatTimes() {
        // random part: always 1 s (the bound is the range in ms)
        BackOff b = new BackOff(bound -> 1000);
        assertThat(schedule(b, 6, 3, 10, 3)).containsExactly(
                4_000L, // 3 + 1
                9_000L, // 2*4 + 1
                19_000L, // 2*9 + 1
                39_000L, // 2*19 + 1 (third doubling)
                39_000L, // RepeatTimes reached: keep the last back-off
                39_000L);
    }

    @Test
    void tcB57_randomRangeZero_eachAttemptAtLeastTwiceThePrevious() {
        BackOff b = new BackOff(bound -> {
            throw new AssertionError("no random part with RandomRange 0");
        });
        assertThat(schedule(b, 4, 5, 0, 2)).containsExactly(5_000L, 10_000L, 20_000L, 20_000L);
    }

    @Test
    void randomPartIsWithinRangeAndNewForEveryAttempt() {
        AtomicLong calls = new AtomicLong();
        List<Long> bounds = new ArrayList<>();
        BackOff b = new BackOff(bound -> {
            bounds.add(bound);
            return calls.incrementAndGet() * 100;
        });
        assertThat(schedule(b, 3, 1, 2, 5)).containsExactly(1_100L, 2_400L, 5_100L);
        assertThat(bounds).containsOnly(2_000L);
        // an out-of-range random value is clamped
        BackOff wild = new BackOff(bound -> bound * 10);
        assertThat(wild.next(1, 2, 5)).isEqualTo(Duration.ofMillis(3_000));
    }

    @Test
    void resetAfterSuccessfulConnectionStartsAtWaitMinimumAgain() {
        BackOff b = new BackOff(bound -> 0);
        schedule(b, 4, 3, 10, 5);
        b.reset();
        assertThat(b.next(3, 10, 5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void liveChangedValuesApplyToTheNextStep() {
        BackOff b = new BackOff(bound -> 0);
        assertThat(b.next(3, 0, 5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.next(3, 0, 0)).as("RepeatTimes lowered to 0: no more doubling").isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void hugeRepeatTimesIsCappedAtOneDay() {
        BackOff b = new BackOff(bound -> 0);
        List<Long> s = schedule(b, 40, 3, 0, Integer.MAX_VALUE);
        assertThat(s.get(39)).isEqualTo(BackOff.MAX_MILLIS);
    }
}
