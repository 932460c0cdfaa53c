package io.galvani.hal.sim.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic stand-in for the simulator's own thread: {@code execute} runs inline on the
 * caller, periodic tasks run only when the test calls {@link #runPeriodic()}. No sleeps, no races.
 */
public final class InlineScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Runnable> periodic = new ArrayList<>();
    private boolean shutdown;

    /** Runs every periodic task once (one "tick"). */
    public void runPeriodic() {
        for (Runnable r : List.copyOf(periodic)) {
            r.run();
        }
    }

    /** How many periodic tasks are scheduled and not cancelled. */
    public int periodicTasks() {
        return periodic.size();
    }

    @Override
    public void execute(Runnable command) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        command.run();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return addPeriodic(command);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return addPeriodic(command);
    }

    private ScheduledFuture<?> addPeriodic(Runnable command) {
        periodic.add(command);
        return new Handle(() -> periodic.remove(command));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        command.run();
        return new Handle(() -> { });
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
        shutdown = true;
        periodic.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private static final class Handle implements ScheduledFuture<Object> {
        private final Runnable onCancel;
        private boolean cancelled;

        Handle(Runnable onCancel) {
            this.onCancel = onCancel;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            onCancel.run();
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

}
