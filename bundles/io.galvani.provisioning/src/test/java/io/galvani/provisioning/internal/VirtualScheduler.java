package io.galvani.provisioning.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time: nothing runs until the test calls {@link #runDue()} or
 * {@link #advance}, and then on the test's thread, so tests of timing are exact and never sleep.
 * {@link #nanoTime()} is the matching monotonic clock.
 */
final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private boolean shutdown;

    long nanoTime() {
        synchronized (this) {
            return now;
        }
    }

    /** Runs every task due now, including those they submit for now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves virtual time forward by {@code d}, running each task when its time comes. */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.time > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.time;
            }
            next.run();
        }
    }

    /** Tasks waiting, periodic ones included. */
    synchronized int pending() {
        return queue.size();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(command, unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduleWithFixedDelay(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        if (delay <= 0) {
            throw new IllegalArgumentException("delay " + delay);
        }
        return add(command, unit.toNanos(initialDelay), unit.toNanos(delay));
    }

    private synchronized Task add(Runnable command, long delayNanos, long periodNanos) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task t = new Task(command, now + Math.max(0, delayNanos), periodNanos, sequence++);
        queue.add(t);
        return t;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

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

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task implements ScheduledFuture<Object>, Runnable {
        private final Runnable command;
        private final long period;
        private final long seq;
        private long time;
        private boolean cancelled;
        private boolean done;

        Task(Runnable command, long time, long period, long seq) {
            this.command = command;
            this.time = time;
            this.period = period;
            this.seq = seq;
        }

        @Override
        public void run() {
            synchronized (VirtualScheduler.this) {
                if (cancelled) {
                    return;
                }
            }
            command.run();
            synchronized (VirtualScheduler.this) {
                if (period > 0 && !cancelled && !shutdown) {
                    time = now + period;
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

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (VirtualScheduler.this) {
                return unit.convert(time - now, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed o) {
            Task t = (Task) o;
            int c = Long.compare(time, t.time);
            return c != 0 ? c : Long.compare(seq, t.seq);
        }
    }
}
