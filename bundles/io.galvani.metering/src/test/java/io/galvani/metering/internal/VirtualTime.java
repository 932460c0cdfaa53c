package io.galvani.metering.internal;

import java.time.Duration;
import java.time.Instant;
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

import io.galvani.station.api.StationClock;

/**
 * Virtual time for the timing tests: a single-threaded scheduler whose tasks run only when the test
 * calls {@link #advance}, on the test's thread, and the station clock that goes with it (wall time =
 * start + elapsed virtual time + whatever {@link #adjustTo} moved it). Exact, and never sleeps.
 */
final class VirtualTime implements StationClock {
    private final Scheduler scheduler = new Scheduler();
    private long elapsedNanos;
    private Instant wallAtZero;

    VirtualTime(Instant start) {
        this.wallAtZero = start;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public synchronized Instant now() {
        return wallAtZero.plusNanos(elapsedNanos);
    }

    /** The CSMS sets the clock: wall time jumps, the scheduler's (monotonic) time does not. */
    @Override
    public synchronized void adjustTo(Instant csmsTime) {
        wallAtZero = csmsTime.minusNanos(elapsedNanos);
    }

    /** Runs what is due now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves time forward by {@code d}, running every task at its time. */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = elapsedNanos + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = scheduler.queue.peek();
                if (next == null || next.at > target) {
                    elapsedNanos = target;
                    return;
                }
                scheduler.queue.poll();
                elapsedNanos = next.at;
            }
            next.run();
        }
    }

    /** Moves time forward until the wall clock shows {@code t}. */
    void advanceTo(Instant t) {
        advance(Duration.between(now(), t));
    }

    synchronized int pending() {
        return scheduler.queue.size();
    }

    private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {
        final PriorityQueue<Task> queue = new PriorityQueue<>();
        private long sequence;
        private boolean shutdown;

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            synchronized (VirtualTime.this) {
                if (shutdown) {
                    throw new RejectedExecutionException("shut down");
                }
                Task t = new Task(command, elapsedNanos + Math.max(0, unit.toNanos(delay)), sequence++);
                queue.add(t);
                return t;
            }
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException("metering plans every wake-up itself");
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            throw new UnsupportedOperationException("metering plans every wake-up itself");
        }

        @Override
        public void shutdown() {
            synchronized (VirtualTime.this) {
                shutdown = true;
            }
        }

        @Override
        public List<Runnable> shutdownNow() {
            synchronized (VirtualTime.this) {
                shutdown = true;
                List<Runnable> left = new ArrayList<>(queue);
                queue.clear();
                return left;
            }
        }

        @Override
        public boolean isShutdown() {
            synchronized (VirtualTime.this) {
                return shutdown;
            }
        }

        @Override
        public boolean isTerminated() {
            synchronized (VirtualTime.this) {
                return shutdown && queue.isEmpty();
            }
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return isTerminated();
        }
    }

    private final class Task implements ScheduledFuture<Object>, Runnable {
        private final Runnable command;
        private final long at;
        private final long seq;
        private boolean cancelled;
        private boolean done;

        Task(Runnable command, long at, long seq) {
            this.command = command;
            this.at = at;
            this.seq = seq;
        }

        @Override
        public void run() {
            synchronized (VirtualTime.this) {
                if (cancelled) {
                    return;
                }
                done = true;
            }
            command.run();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (VirtualTime.this) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                scheduler.queue.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (VirtualTime.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (VirtualTime.this) {
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
            synchronized (VirtualTime.this) {
                return unit.convert(at - elapsedNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed o) {
            Task t = (Task) o;
            int c = Long.compare(at, t.at);
            return c != 0 ? c : Long.compare(seq, t.seq);
        }
    }
}
