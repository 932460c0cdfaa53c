package io.galvani.ocpp.rpc.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport thread {@code galvani-ocpp-rpc}: one daemon thread (a single-threaded scheduled
 * executor) that owns all of the transport's state. Everything else only hands work over to it.
 */
final class TransportExecutor {
    private static final Logger logger = LoggerFactory.getLogger(TransportExecutor.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    TransportExecutor() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, OcppRpcLink.THREAD_PREFIX + "rpc"
                    + (n.getAndIncrement() == 0 ? "" : "-" + n.get()));
            t.setDaemon(true);
            thread = t;
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = ex;
    }

    /** The executor itself, for timers and for the components that hand work back to it. */
    ScheduledExecutorService scheduler() {
        return executor;
    }

    /** Runs {@code task} on the transport thread; a failure is logged. False once shut down. */
    boolean submit(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    // A LinkageError too: e.g. a bundle of an optional service went away under the task; the
                    // transport thread must survive it and say so.
                    logger.error("OCPP-J transport task failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    boolean isTransportThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the transport thread and waits for it to end, at most {@code timeout}. */
    void runAndWait(Runnable task, Duration timeout) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                task.run();
            } finally {
                done.complete(null);
            }
        });
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels every timer and ends the thread (waits up to 2 s). */
    void shutdown() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
