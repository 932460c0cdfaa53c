package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.transactions.api.SessionListener;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** Throttling of session views: significant changes at once and never skipped, figures at most once a second. */
class SessionBroadcasterTest {
    static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");

    final VirtualScheduler notifier = new VirtualScheduler();
    final SessionBroadcaster broadcaster = new SessionBroadcaster(notifier::nanoTime, notifier);
    final List<SessionView> told = new CopyOnWriteArrayList<>();
    final SessionListener listener = told::add;

    @BeforeEach
    void listen() {
        broadcaster.addListener(listener);
        notifier.runDue();
    }

    @AfterEach
    void stop() {
        broadcaster.deactivate();
        broadcaster.publish(charging(1, 1)); // after deactivation: ignored, no exception
    }

    static SessionView charging(int evse, double kWh) {
        return new SessionView(evse, SessionPhase.CHARGING, "tx-" + evse, "Charging", "****E6F7", STARTED,
                Duration.ofSeconds((long) kWh), kWh * 1000, 150_000.0, 50.0, null, null);
    }

    static SessionView withPhase(SessionView v, SessionPhase phase, String message) {
        return new SessionView(v.evseId(), phase, v.transactionId(), v.chargingState(), v.idTokenHint(), v.startedAt(),
                v.elapsed(), v.energyWh(), v.powerW(), v.stateOfChargePct(), message, v.stoppedReason());
    }

    private void advance(long ms) {
        notifier.advance(Duration.ofMillis(ms));
    }

    @Test
    void theFirstViewOfAnEvseGoesOutAtOnce() {
        broadcaster.publish(charging(1, 1));
        notifier.runDue();
        assertThat(told).containsExactly(charging(1, 1));
        assertThat(broadcaster.current()).containsExactly(charging(1, 1));
    }

    @Test
    void figuresOnlyChangesAtMostOnceASecond_theLatestWins() {
        broadcaster.publish(charging(1, 1));
        notifier.runDue();
        advance(100);
        broadcaster.publish(charging(1, 2));
        advance(100);
        broadcaster.publish(charging(1, 3));
        notifier.runDue();
        assertThat(told).containsExactly(charging(1, 1));
        advance(799);
        assertThat(told).hasSize(1);
        advance(1);
        assertThat(told).containsExactly(charging(1, 1), charging(1, 3));
        advance(5000);
        assertThat(told).as("nothing new, nothing sent").hasSize(2);

        broadcaster.publish(charging(1, 4)); // more than a second after the last: at once
        notifier.runDue();
        assertThat(told).endsWith(charging(1, 4));
    }

    @Test
    void significantChangesGoOutAtOnceAndAreNeverSkipped() {
        SessionView a = charging(1, 1);
        broadcaster.publish(a);
        broadcaster.publish(withPhase(a, SessionPhase.REJECTED, "NotOwner"));
        broadcaster.publish(a);
        broadcaster.publish(charging(1, 2)); // figures only, right after: throttled
        broadcaster.publish(withPhase(charging(1, 2), SessionPhase.FINISHED, null));
        notifier.runDue();
        assertThat(told).extracting(SessionView::phase).containsExactly(SessionPhase.CHARGING, SessionPhase.REJECTED,
                SessionPhase.CHARGING, SessionPhase.FINISHED);
        advance(2000);
        assertThat(told).as("the throttled figures were overtaken by the FINISHED view").hasSize(4);
    }

    @Test
    void figuresAfterASignificantChangeWaitAFullSecond() {
        broadcaster.publish(charging(1, 1));
        advance(900);
        broadcaster.publish(charging(1, 2)); // throttled until t=1000
        advance(50);
        broadcaster.publish(withPhase(charging(1, 2), SessionPhase.SUSPENDED_EV, null)); // t=950, at once
        broadcaster.publish(withPhase(charging(1, 3), SessionPhase.SUSPENDED_EV, null)); // figures
        advance(50); // t=1000: the earlier flush must not send within a second of t=950
        assertThat(told).hasSize(2);
        advance(949);
        assertThat(told).hasSize(2);
        advance(1);
        assertThat(told).hasSize(3).last().isEqualTo(withPhase(charging(1, 3), SessionPhase.SUSPENDED_EV, null));
    }

    @Test
    void evsesAreThrottledSeparately() {
        broadcaster.publish(charging(1, 1));
        broadcaster.publish(charging(2, 1));
        advance(10);
        broadcaster.publish(charging(2, 2));
        notifier.runDue();
        assertThat(told).containsExactly(charging(1, 1), charging(2, 1));
        advance(1000);
        assertThat(told).containsExactly(charging(1, 1), charging(2, 1), charging(2, 2));
    }

    @Test
    void anUnchangedViewIsNotSentAgain() {
        broadcaster.publish(charging(1, 1));
        broadcaster.publish(charging(1, 1));
        advance(2000);
        broadcaster.publish(charging(1, 1));
        notifier.runDue();
        assertThat(told).hasSize(1);
    }

    @Test
    void aNewListenerHearsTheCurrentViewOfEveryEvse() {
        broadcaster.publish(charging(2, 1));
        broadcaster.publish(charging(1, 1));
        notifier.runDue();
        List<SessionView> late = new CopyOnWriteArrayList<>();
        broadcaster.addListener(late::add);
        notifier.runDue();
        assertThat(late).containsExactly(charging(1, 1), charging(2, 1));
        assertThat(broadcaster.current()).containsExactly(charging(1, 1), charging(2, 1));
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        broadcaster.addListener(v -> {
            throw new IllegalStateException("display unplugged");
        });
        List<SessionView> other = new CopyOnWriteArrayList<>();
        broadcaster.addListener(other::add);
        broadcaster.publish(charging(1, 1));
        notifier.runDue();
        assertThat(told).hasSize(1);
        assertThat(other).hasSize(1);
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        broadcaster.removeListener(listener);
        broadcaster.publish(charging(1, 1));
        notifier.runDue();
        assertThat(told).isEmpty();
    }
}
