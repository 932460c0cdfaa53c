package io.galvani.outbox.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.outbox.api.MessageDiscardedException;
import io.galvani.outbox.api.OutboxStorageException;

/**
 * Sends the queued messages in commit order, one at a time, each only after the previous one was
 * answered or given up (E13). Everything here runs on the outbox's one executor thread, so the
 * state below needs no lock and no message is ever sent twice at once.
 *
 * <ul>
 * <li>CALLRESULT: the message is deleted and its sender told.</li>
 * <li>CALLERROR, no answer within MessageTimeout, or a CALLRESULT that breaks the schema: a failed
 * attempt, counted on disk; the next transmission waits interval × failures so far (E13.FR.03),
 * and after MessageAttempts failures the message is given up (E13.FR.04).</li>
 * <li>The connection dropped while the CALL was outstanding: not an attempt. The same message goes
 * again, unchanged, once the link reports a (new) connection, or after {@link #RECONNECT_RECHECK}
 * if no such report comes (e.g. the transport's queue was full while connected).</li>
 * <li>No link or not connected: nothing is sent; a bound link or a connected report wakes the loop,
 * and a slow recheck ({@link #LINK_RECHECK}) covers a report that never came.</li>
 * </ul>
 */
final class DeliveryLoop {
    private static final Logger logger = LoggerFactory.getLogger(DeliveryLoop.class);
    static final Duration RECONNECT_RECHECK = Duration.ofSeconds(10);
    static final Duration LINK_RECHECK = Duration.ofSeconds(30);
    static final Duration STORAGE_RETRY = Duration.ofSeconds(30);

    /** A message handed to a link, and that link. */
    private record Sending(StoredMessage message, OcppLink link) {
    }

    private final SqliteStore store;
    private final Stages stages;
    private final Counters counters;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanoTime;
    private final AtomicReference<OcppLink> link = new AtomicReference<>();
    private volatile RetryPolicy policy;
    private volatile boolean inFlight;
    private volatile boolean stopped;

    // Confined to the executor thread.
    private Sending sending;
    private long retryId;
    private long retryAt;
    private boolean awaitingReconnect;
    private long reconnectDeadline;
    private ScheduledFuture<?> wake;

    DeliveryLoop(SqliteStore store, Stages stages, Counters counters, ScheduledExecutorService executor,
            LongSupplier nanoTime, RetryPolicy policy) {
        this.store = store;
        this.stages = stages;
        this.counters = counters;
        this.executor = executor;
        this.nanoTime = nanoTime;
        this.policy = policy;
    }

    // ------------------------------------------------------------------ signals (any thread)

    /** Looks at the queue again: after a commit, at start, after a change of the retry settings. */
    void wakeUp() {
        post(this::pump);
    }

    void reconfigure(RetryPolicy newPolicy) {
        this.policy = newPolicy;
        wakeUp();
    }

    void linkBound(OcppLink newLink) {
        link.set(newLink);
        wakeUp();
    }

    /**
     * The link went away. A message it still holds is taken back and sent through the next link (an
     * answer the old link might still deliver is ignored): a transport that goes away fails or drops
     * its outstanding CALLs, and the CSMS may see an identical resend.
     */
    void linkUnbound(OcppLink oldLink) {
        link.compareAndSet(oldLink, null);
        post(() -> {
            if (sending != null && sending.link() == oldLink) {
                logger.info("OCPP link gone while {} was in flight; it is sent again through the next link",
                        sending.message().describe());
                sending = null;
                inFlight = false;
                store.release();
            }
            pump();
        });
    }

    /** The link reports a (new) WebSocket connection. */
    void linkConnected() {
        post(() -> {
            awaitingReconnect = false;
            pump();
        });
    }

    boolean inFlight() {
        return inFlight;
    }

    /** No more sends; the owner shuts the executor down. */
    void stop() {
        stopped = true;
    }

    // ------------------------------------------------------------------ the loop (executor thread)

    private void pump() {
        if (stopped || sending != null) {
            return;
        }
        OcppLink l = link.get();
        if (l == null) {
            return;
        }
        if (store.count() == 0) {
            return; // a commit wakes the loop
        }
        long now = nanoTime.getAsLong();
        if (awaitingReconnect) {
            if (now - reconnectDeadline < 0) {
                wakeAt(reconnectDeadline, now);
                return;
            }
            awaitingReconnect = false;
        }
        if (!connected(l)) {
            wakeAt(now + LINK_RECHECK.toNanos(), now);
            return;
        }
        Optional<StoredMessage> next;
        try {
            next = store.claimHead();
        } catch (OutboxStorageException e) {
            logger.error("Outbox cannot read its queue, trying again in {} s: {}", STORAGE_RETRY.toSeconds(),
                    e.getMessage());
            wakeAt(now + STORAGE_RETRY.toNanos(), now);
            return;
        }
        if (next.isEmpty()) {
            return;
        }
        StoredMessage head = next.get();
        RetryPolicy p = policy;
        if (p.exhausted(head.attempts())) {
            // Its last attempt failed before a restart (or MessageAttempts was lowered since).
            giveUp(head, head.attempts() + " failed attempt(s), MessageAttempts is " + p.maxAttempts(), null, now);
            return;
        }
        if (head.attempts() > 0) {
            if (retryId != head.id()) {
                // It failed in an earlier run: wait as E13.FR.03 says, counted from now.
                retryId = head.id();
                retryAt = now + p.delayAfter(head.attempts()).toNanos();
            }
            if (now - retryAt < 0) {
                store.release();
                wakeAt(retryAt, now);
                return;
            }
        }
        OcppRequest<?> request;
        try {
            request = MessageCodec.decode(head);
        } catch (PayloadViolation e) {
            logger.error("Outbox: stored {} cannot be read back ({}); giving it up", head.describe(), e.getMessage());
            giveUp(head, "unreadable payload", e, now);
            return;
        }
        send(l, head, request);
    }

    private void send(OcppLink l, StoredMessage head, OcppRequest<?> request) {
        Sending s = new Sending(head, l);
        sending = s;
        inFlight = true;
        CompletionStage<? extends OcppResponse> stage;
        try {
            stage = l.call(request);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((response, failure) -> post(() -> answered(s, response, failure)));
    }

    private void answered(Sending s, OcppResponse response, Throwable failure) {
        if (stopped || sending != s) {
            logger.debug("Late answer for {} ignored", s.message().describe());
            return;
        }
        sending = null;
        inFlight = false;
        StoredMessage m = s.message();
        long now = nanoTime.getAsLong();
        if (failure == null) {
            delivered(m, response, now);
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof OcppConnectionException) {
            // Not an attempt (E13 counts what the CSMS failed to process): same message again after reconnection.
            logger.info("Outbox: {} not answered, the connection dropped; sent again after reconnection", m.describe());
            store.release();
            awaitingReconnect = true;
            reconnectDeadline = now + RECONNECT_RECHECK.toNanos();
            wakeAt(reconnectDeadline, now);
            return;
        }
        failedAttempt(m, cause, now);
    }

    private void delivered(StoredMessage m, OcppResponse response, long now) {
        try {
            store.delete(m.id());
        } catch (OutboxStorageException e) {
            // Stays queued: sent again later, an identical resend the CSMS must accept.
            logger.error("Outbox: {} was answered but cannot be removed; trying again in {} s: {}", m.describe(),
                    STORAGE_RETRY.toSeconds(), e.getMessage());
            store.release();
            wakeAt(now + STORAGE_RETRY.toNanos(), now);
            return;
        }
        counters.delivered.incrementAndGet();
        stages.answered(m.id(), response);
        pump();
    }

    private void failedAttempt(StoredMessage m, Throwable cause, long now) {
        int failures;
        try {
            failures = store.recordFailedAttempt(m.id());
        } catch (OutboxStorageException e) {
            logger.error("Outbox: cannot count the failed attempt of {}: {}", m.describe(), e.getMessage());
            failures = m.attempts() + 1;
        }
        RetryPolicy p = policy;
        if (p.exhausted(failures)) {
            giveUp(m, failures + " failed attempt(s), last: " + describe(cause), cause, now);
            return;
        }
        store.release();
        Duration delay = p.delayAfter(failures);
        retryId = m.id();
        retryAt = now + delay.toNanos();
        logger.warn("Outbox: {} failed (attempt {} of {}: {}); next attempt in {} s (E13.FR.03)", m.describe(),
                failures, p.maxAttempts(), describe(cause), delay.toSeconds());
        wakeAt(retryAt, now);
    }

    /** E13.FR.04: discard and go on with the next message. Never logs the payload. */
    private void giveUp(StoredMessage m, String why, Throwable cause, long now) {
        try {
            store.delete(m.id());
        } catch (OutboxStorageException e) {
            logger.error("Outbox: cannot remove {} that is given up; trying again in {} s: {}", m.describe(),
                    STORAGE_RETRY.toSeconds(), e.getMessage());
            store.release();
            wakeAt(now + STORAGE_RETRY.toNanos(), now);
            return;
        }
        logger.warn("Outbox: gave up {} after {} (E13.FR.04)", m.describe(), why);
        counters.discarded.incrementAndGet();
        stages.discarded(m.id(), new MessageDiscardedException(m.action() + " #" + m.id() + " given up after " + why,
                cause));
        pump();
    }

    // ------------------------------------------------------------------ helpers

    private boolean connected(OcppLink l) {
        try {
            return l.status().connected();
        } catch (RuntimeException e) {
            logger.debug("OcppLink.status() failed: {}", e.toString());
            return false;
        }
    }

    /** One pending wake-up at most: the latest request wins (pump works out what is due). */
    private void wakeAt(long at, long now) {
        if (wake != null) {
            wake.cancel(false);
        }
        try {
            wake = executor.schedule(this::pump, Math.max(0, at - now), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            wake = null;
        }
    }

    private void post(Runnable task) {
        if (stopped) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Outbox stopped; task dropped");
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** For logs and exceptions: what went wrong, without payload. */
    static String describe(Throwable cause) {
        if (cause instanceof OcppCallException e) {
            return "CALLERROR " + e.errorCode() + (e.getMessage().isEmpty() ? "" : " '" + abbreviate(e.getMessage()) + "'");
        }
        if (cause instanceof OcppTimeoutException) {
            return "no answer within MessageTimeout";
        }
        if (cause instanceof PayloadViolation e) {
            return "invalid CALLRESULT (" + e.errorCode() + ": " + e.getMessage() + ")";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 119) + "…";
    }
}
