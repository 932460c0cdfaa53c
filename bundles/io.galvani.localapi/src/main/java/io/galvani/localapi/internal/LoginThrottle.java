package io.galvani.localapi.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Brute-force protection of the password, per remote address: {@value #MAX_FAILURES} failures within a minute
 * block the address for {@value #FIRST_BLOCK_SECONDS} s, each further block twice as long, at most
 * {@value #MAX_BLOCK_SECONDS} s; while blocked its attempts are answered 429 without checking the password (so a
 * flood costs no PBKDF2 time either). An address quiet for {@value #MAX_BLOCK_SECONDS} s starts afresh.
 *
 * <p>Also bounds the MaintenanceLoginFailed events: at most {@value #FAILURE_EVENTS_PER_MINUTE} per minute for the
 * whole station (they are critical: each goes to the security log <em>and</em> the CSMS); the failures beyond are
 * counted and the count goes into the techInfo of the next one reported, so none goes unnoticed.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_SECONDS = 60;
    static final long FIRST_BLOCK_SECONDS = 30;
    static final long MAX_BLOCK_SECONDS = 900;
    static final int FAILURE_EVENTS_PER_MINUTE = 10;
    /** Addresses tracked at most (a spoofed-address flood must not grow the heap); the stalest go first. */
    static final int MAX_ADDRESSES = 1024;

    private static final long WINDOW = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

    private static final class Client {
        final Deque<Long> failures = new ArrayDeque<>();
        long blockedUntil;
        int blocks;
        long lastFailure;
    }

    private final LongSupplier nanoTime;
    private final Map<String, Client> clients = new LinkedHashMap<>(16, 0.75f, true);
    private long eventWindowStart;
    private int eventsInWindow;
    private int suppressed;

    LoginThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.eventWindowStart = nanoTime.getAsLong();
    }

    /** Seconds {@code address} stays blocked (rounded up), 0 if it may try. */
    synchronized long blockedSeconds(String address) {
        Client c = clients.get(address);
        long left = c == null ? 0 : c.blockedUntil - nanoTime.getAsLong();
        return left <= 0 ? 0 : (TimeUnit.NANOSECONDS.toSeconds(left - 1) + 1);
    }

    /** A wrong password from {@code address}; returns the seconds it is now blocked for (0: not blocked). */
    synchronized long failed(String address) {
        long now = nanoTime.getAsLong();
        Client c = clients.computeIfAbsent(address, a -> new Client());
        if (c.lastFailure != 0 && now - c.lastFailure > TimeUnit.SECONDS.toNanos(MAX_BLOCK_SECONDS) + WINDOW) {
            c.blocks = 0;
        }
        c.lastFailure = now;
        while (!c.failures.isEmpty() && now - c.failures.peekFirst() > WINDOW) {
            c.failures.removeFirst();
        }
        c.failures.addLast(now);
        trim();
        if (c.failures.size() < MAX_FAILURES) {
            return 0;
        }
        long seconds = Math.min(MAX_BLOCK_SECONDS, FIRST_BLOCK_SECONDS << Math.min(c.blocks, 20));
        c.blocks++;
        c.failures.clear();
        c.blockedUntil = now + TimeUnit.SECONDS.toNanos(seconds);
        return seconds;
    }

    /** The right password from {@code address}: its failures are forgotten. */
    synchronized void succeeded(String address) {
        clients.remove(address);
    }

    /**
     * The techInfo to report for a failure, or null if the per-minute budget is spent (the failure is counted and
     * mentioned in the next one reported).
     */
    synchronized String failureEvent(String techInfo) {
        long now = nanoTime.getAsLong();
        if (now - eventWindowStart >= WINDOW) {
            eventWindowStart = now;
            eventsInWindow = 0;
        }
        if (eventsInWindow >= FAILURE_EVENTS_PER_MINUTE) {
            suppressed++;
            return null;
        }
        eventsInWindow++;
        String info = suppressed == 0 ? techInfo
                : techInfo + "; " + suppressed + " more failed logins not reported (at most "
                        + FAILURE_EVENTS_PER_MINUTE + " per minute)";
        suppressed = 0;
        return info;
    }

    private void trim() {
        var it = clients.entrySet().iterator();
        while (clients.size() > MAX_ADDRESSES && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
