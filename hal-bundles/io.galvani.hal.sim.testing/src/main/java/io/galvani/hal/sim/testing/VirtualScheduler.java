package io.galvani.hal.sim.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on virtual time, for exact timing tests that never sleep.
 * <p>
 * Nothing runs when it is submitted: tasks run only when the test calls {@link #runDue()} or
 * {@link #advance(Duration)}, and then on the test's own thread, one at a time, in order of due time
 * (tasks due at the same time in order of submission). While a task runs, {@link #nanoTime()} is its due
 * time; tasks it submits for "now" run in the same {@code runDue}/{@code advance} call.
 * <p>
 * {@link #nanoTime()} is the matching monotonic clock (starts at 0), e.g. for a {@code LongSupplier}
 * that the code under test reads instead of {@link System#nanoTime()}. A wall clock that moves with the
 * scheduler can be built on it: {@code start.plusNanos(scheduler.nanoTime())}.
 * <p>
 * Periodic tasks are supported ({@code scheduleAtFixedRate}: next run at the previous due time plus the
 * period; {@code scheduleWithFixedDelay}: the time the run finished plus the delay, which on virtual time is
 * the same unless a task moves time itself). A task that throws is not rescheduled; the exception reaches
 * the test through {@code runDue}/{@code advance}. As with the JDK's executors, a task is not done while it
 * runs, so it can still cancel itself. {@link #shutdown()} keeps what is queued, as a real
 * executor would run it; {@link #shutdownNow()} drops it.
 * <p>
 * Thread-safe, so code under test may submit from other threads; running is up to the test.
 */
public final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private boolean shutdown;

    /** Virtual nanoseconds since this scheduler was created; moves only through {@link #advance}. */
    public synchronized long nanoTime() {
        return now;
    }

    /** Virtual time since this scheduler was created, as a {@link Duration}. */
    public Duration elapsed() {
        return Duration.ofNanos(nanoTime());
    }

    /** Runs every task due now, including those they submit for now; time does not move. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /**
     * Moves virtual time forward by {@code d}, running each task when its time comes (time stands at the
     * task's due time while it runs), and leaves time at the end of {@code d}.
     *
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.time > target) {
                    now = Math.max(now, target);
                    return;
                }
                queue.poll();
                now = Math.max(now, next.time);
            }
            next.run();
        }
    }

    /** Tasks waiting to run, periodic ones included; cancelled ones are not counted. */
    public synchronized int pending() {
        return queue.size();
    }

    /** How long until the next task is due ({@link Duration#ZERO} if it is due now), or null if none waits. */
    public synchronized Duration nextDue() {
        Task<?> next = queue.peek();
        return next == null ? null : Duration.ofNanos(Math.max(0, next.time - now));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(callable(command), unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, unit.toNanos(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period " + period);
        }
        return add(callable(command), unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        if (delay <= 0) {
            throw new IllegalArgumentException("delay " + delay);
        }
        return add(callable(command), unit.toNanos(initialDelay), -unit.toNanos(delay));
    }

    private static Callable<Object> callable(Runnable command) {
        if (command == null) {
            throw new NullPointerException("command");
        }
        return () -> {
            command.run();
            return null;
        };
    }

    /** {@code period} &gt; 0: fixed rate, &lt; 0: fixed delay, 0: once. */
    private synchronized <V> Task<V> add(Callable<V> callable, long delayNanos, long period) {
        if (callable == null) {
            throw new NullPointerException("callable");
        }
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task<V> t = new Task<>(callable, now + Math.max(0, delayNanos), period, sequence++);
        queue.add(t);
        return t;
    }

    /** No new tasks; those queued still run when time reaches them (periodic ones stop repeating). */
    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    /** No new tasks, and the queued ones are dropped and returned. */
    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    /** Does not wait (nothing runs unless the test runs it): tells whether it is terminated. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        private final Callable<V> callable;
        private final long period;
        private final long seq;
        private long time;
        private boolean cancelled;
        private boolean done;
        private V result;
        private Throwable failure;

        Task(Callable<V> callable, long time, long period, long seq) {
            this.callable = callable;
            this.time = time;
            this.period = period;
            this.seq = seq;
        }

        @Override
        public void run() {
            synchronized (VirtualScheduler.this) {
                if (cancelled || done) {
                    return;
                }
            }
            V value;
            try {
                value = callable.call();
            } catch (Exception | Error e) {
                synchronized (VirtualScheduler.this) {
                    done = true;
                    failure = e;
                }
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e);
            }
            synchronized (VirtualScheduler.this) {
                if (period == 0) {
                    done = true;
                    result = value;
                } else if (!cancelled && !shutdown) {
                    time = period > 0 ? time + period : now - period;
                    queue.add(this);
                } else {
                    done = true;
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (VirtualScheduler.this) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                queue.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (VirtualScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (VirtualScheduler.this) {
                return done || cancelled;
            }
        }

        /** Does not wait: the result if the task has run, else {@link IllegalStateException}. */
        @Override
        public V get() throws ExecutionException {
            synchronized (VirtualScheduler.this) {
                if (cancelled) {
                    throw new CancellationException();
                }
                if (!done) {
                    throw new IllegalStateException("not run yet: advance the virtual time first");
                }
                if (failure != null) {
                    throw new ExecutionException(failure);
                }
                return result;
            }
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (VirtualScheduler.this) {
                return unit.convert(time - now, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed o) {
            if (o instanceof VirtualScheduler.Task<?> t) {
                int c = Long.compare(time, t.time);
                return c != 0 ? c : Long.compare(seq, t.seq);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
