package io.galvani.hal.sim.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final List<String> ran = new ArrayList<>();

    private Runnable log(String name) {
        return () -> ran.add(name + "@" + scheduler.elapsed().toMillis());
    }

    @Test
    void nothingRunsUntilTheTestRunsIt() {
        scheduler.execute(log("a"));
        assertThat(ran).isEmpty();
        assertThat(scheduler.pending()).isOne();

        scheduler.runDue();

        assertThat(ran).containsExactly("a@0");
        assertThat(scheduler.pending()).isZero();
        assertThat(scheduler.nanoTime()).isZero();
    }

    @Test
    void advanceRunsEachTaskAtItsTimeInOrderThenStopsAtTheTarget() {
        scheduler.schedule(log("late"), 300, TimeUnit.MILLISECONDS);
        scheduler.schedule(log("early"), 100, TimeUnit.MILLISECONDS);
        scheduler.schedule(log("same"), 100, TimeUnit.MILLISECONDS);
        scheduler.schedule(log("later"), 2, TimeUnit.SECONDS);

        scheduler.advance(Duration.ofMillis(99));
        assertThat(ran).isEmpty();

        scheduler.advance(Duration.ofMillis(401));

        assertThat(ran).containsExactly("early@100", "same@100", "late@300");
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofMillis(500));
        assertThat(scheduler.nanoTime()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(scheduler.pending()).isOne();
        assertThat(scheduler.nextDue()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void tasksSubmittedForNowRunInTheSameCall() {
        scheduler.execute(() -> {
            ran.add("first");
            scheduler.execute(() -> ran.add("second"));
            scheduler.schedule(() -> ran.add("third"), 1, TimeUnit.SECONDS);
        });

        scheduler.runDue();
        assertThat(ran).containsExactly("first", "second");

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("first", "second", "third");
    }

    @Test
    void periodicTasksRepeatUntilCancelled() {
        ScheduledFuture<?> rate = scheduler.scheduleAtFixedRate(log("rate"), 1, 2, TimeUnit.SECONDS);
        ScheduledFuture<?> delay = scheduler.scheduleWithFixedDelay(log("delay"), 0, 3, TimeUnit.SECONDS);

        scheduler.advance(Duration.ofSeconds(6));

        assertThat(ran).containsExactly("delay@0", "rate@1000", "rate@3000", "delay@3000", "rate@5000",
                "delay@6000");
        assertThat(rate.getDelay(TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(scheduler.pending()).isEqualTo(2);

        assertThat(rate.cancel(false)).isTrue();
        assertThat(rate.isCancelled()).isTrue();
        assertThat(rate.isDone()).isTrue();
        assertThat(delay.isDone()).isFalse();
        assertThat(scheduler.pending()).isOne();
        ran.clear();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(ran).containsExactly("delay@9000");
    }

    @Test
    void aPeriodicTaskCanCancelItself() {
        List<ScheduledFuture<?>> self = new ArrayList<>();
        self.add(scheduler.scheduleAtFixedRate(() -> {
            ran.add("tick");
            if (ran.size() == 2) {
                assertThat(self.get(0).cancel(false)).isTrue();
            }
        }, 1, 1, TimeUnit.SECONDS));

        scheduler.advance(Duration.ofSeconds(5));

        assertThat(ran).containsExactly("tick", "tick");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void cancelledTasksDoNotRun() {
        ScheduledFuture<?> f = scheduler.schedule(log("x"), 1, TimeUnit.SECONDS);

        assertThat(f.cancel(false)).isTrue();
        assertThat(f.cancel(false)).isFalse();
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(ran).isEmpty();
        assertThat(f.isCancelled()).isTrue();
        assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void aTaskThatRanCannotBeCancelledAndHasItsResult() throws Exception {
        ScheduledFuture<String> f = scheduler.schedule(() -> "done", 1, TimeUnit.SECONDS);
        assertThat(f.isDone()).isFalse();
        assertThat(f.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(1000);
        assertThatThrownBy(f::get).isInstanceOf(IllegalStateException.class);

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(f.isDone()).isTrue();
        assertThat(f.cancel(false)).isFalse();
        assertThat(f.get()).isEqualTo("done");
    }

    @Test
    void aFailingTaskReachesTheTestAndItsFuture() {
        ScheduledFuture<Object> f = scheduler.schedule(() -> {
            throw new IllegalArgumentException("boom");
        }, 0, TimeUnit.SECONDS);

        assertThatThrownBy(scheduler::runDue).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(f.isDone()).isTrue();
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shutdownRejectsNewTasksAndShutdownNowDropsTheQueued() {
        scheduler.schedule(log("a"), 1, TimeUnit.SECONDS);
        scheduler.shutdown();

        assertThat(scheduler.isShutdown()).isTrue();
        assertThat(scheduler.isTerminated()).isFalse();
        assertThatThrownBy(() -> scheduler.execute(log("b"))).isInstanceOf(RejectedExecutionException.class);

        assertThat(scheduler.shutdownNow()).hasSize(1);
        assertThat(scheduler.isTerminated()).isTrue();
        assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(ran).isEmpty();
    }

    @Test
    void timeDoesNotGoBack() {
        assertThatThrownBy(() -> scheduler.advance(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(scheduler.nextDue()).isNull();
    }
}
