package io.galvani.transactions.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into connector and power-cabinet drivers from the transaction thread, which serves every EVSE and the
 * OCPP handlers: a driver that throws or blocks must not stall it. Each call runs on one thread of its own
 * ({@code galvani-transactions-hal}) and is waited for at most the timeout; an exception or a timeout gives an
 * empty result (the caller treats the device as faulted) and is logged once per driver and method for the run.
 * A call that hangs keeps that thread busy, so later calls time out too until the driver returns: a hung driver
 * is a faulted device.
 */
final class HalCalls {
    private static final Logger logger = LoggerFactory.getLogger(HalCalls.class);

    private final ExecutorService calls = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "galvani-transactions-hal");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile Duration timeout;

    HalCalls(Duration timeout) {
        this.timeout = timeout;
    }

    void timeout(Duration newTimeout) {
        this.timeout = newTimeout;
    }

    /** The result of {@code call}; empty when the driver threw, timed out or the bundle is stopping. */
    <T> Optional<T> call(Object driver, String method, Callable<T> call) {
        Future<T> result;
        try {
            result = calls.submit(call);
        } catch (RejectedExecutionException stopping) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            failed(driver, method, "threw " + e.getCause());
        } catch (TimeoutException e) {
            result.cancel(true);
            failed(driver, method, "did not return within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /**
     * {@code call} on the caller's thread, exceptions contained: for a driver's own thread calling back a listener,
     * where a hop to another thread could deadlock with the driver's lock.
     */
    <T> Optional<T> direct(Object driver, String method, Callable<T> call) {
        try {
            return Optional.ofNullable(call.call());
        } catch (Exception e) {
            failed(driver, method, "threw " + e);
            return Optional.empty();
        }
    }

    /** {@link #call} for a method without result; false when it failed. */
    boolean run(Object driver, String method, Runnable call) {
        return call(driver, method, () -> {
            call.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    void close() {
        calls.shutdownNow();
        try {
            if (!calls.awaitTermination(1, TimeUnit.SECONDS)) {
                logger.warn("A driver call still blocks thread galvani-transactions-hal after the transactions stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(Object driver, String method, String what) {
        if (logged.add(System.identityHashCode(driver) + "." + method)) {
            logger.warn("Driver {} {} in {}(); its device is treated as faulted", driver, what, method);
        }
    }
}
