package io.galvani.ocpp.rpc.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.Action;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.PayloadViolation;

/**
 * Outbound CALLs (OCPP-J §4.1.1): at most one outstanding CALL, the others wait in a bounded FIFO.
 * The next CALL sent is the first one in queue order that the {@link OcppSessionGate} admits, so
 * a held request does not block a request the gate lets through (BootNotification while everything
 * else waits for Accepted); requests the gate holds keep their order among themselves.
 *
 * <p>Confined to the transport's executor thread: every method except the constructor must be called
 * on it.
 */
final class OutboundQueue {
    private static final Logger logger = LoggerFactory.getLogger(OutboundQueue.class);

    /** Writes a frame; calls back with null once written, or with the failure. */
    interface Sender {
        void send(String frame, Consumer<Throwable> done);
    }

    static final class Pending {
        final OcppRequest<?> request;
        final Action action;
        final CompletableFuture<Object> result;
        /** Asked for by TriggerMessage: not held by the session gate (B02.FR.02). */
        final boolean triggered;
        String messageId;
        ScheduledFuture<?> timeout;
        /** {@link System#nanoTime()} when the CALL was handed to the socket, for the round trip. */
        long sentAt;

        Pending(OcppRequest<?> request, Action action, CompletableFuture<Object> result) {
            this(request, action, result, false);
        }

        Pending(OcppRequest<?> request, Action action, CompletableFuture<Object> result, boolean triggered) {
            this.request = request;
            this.action = action;
            this.result = result;
            this.triggered = triggered;
        }
    }

    private final ScheduledExecutorService executor;
    private final Supplier<OcppSessionGate> gate;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Pending outstanding;
    private Sender sender;
    private boolean shutDown;
    private volatile int queued;
    private Duration messageTimeout = Duration.ofSeconds(30);
    private int capacity = 1000;
    private final LinkCounters counters;

    OutboundQueue(ScheduledExecutorService executor, Supplier<OcppSessionGate> gate) {
        this(executor, gate, new LinkCounters());
    }

    OutboundQueue(ScheduledExecutorService executor, Supplier<OcppSessionGate> gate, LinkCounters counters) {
        this.executor = executor;
        this.gate = gate;
        this.counters = counters;
    }

    /** Applies live configuration; a changed timeout applies to CALLs sent from now on. */
    void configure(Duration messageTimeout, int capacity) {
        this.messageTimeout = messageTimeout;
        this.capacity = capacity;
    }

    /** Requests waiting to be sent; readable from any thread. */
    int queuedCalls() {
        return queued;
    }

    void enqueue(Pending p) {
        if (shutDown) {
            p.result.completeExceptionally(new OcppConnectionException("The OCPP link is shut down"));
            return;
        }
        if (queue.size() >= capacity) {
            p.result.completeExceptionally(new OcppConnectionException(
                    "Offline queue full (" + capacity + " requests); " + p.action.name() + " not sent"));
            return;
        }
        queue.addLast(p);
        queued = queue.size();
        pump();
    }

    /** The connection is open: CALLs go through {@code s} from now on. */
    void connectionUp(Sender s) {
        this.sender = s;
        pump();
    }

    /** The connection is gone: the outstanding CALL fails, queued ones wait for the next connection. */
    void connectionDown(String reason) {
        sender = null;
        Pending p = outstanding;
        if (p != null) {
            finish(p);
            p.result.completeExceptionally(new OcppConnectionException(
                    "Connection lost while " + p.action.name() + " was outstanding: " + reason));
        }
    }

    /** Fails everything; later enqueues fail at once. */
    void shutdown(String reason) {
        shutDown = true;
        connectionDown(reason);
        Pending p;
        while ((p = queue.pollFirst()) != null) {
            p.result.completeExceptionally(new OcppConnectionException(
                    p.action.name() + " not sent: " + reason));
        }
        queued = 0;
    }

    /** Looks at the queue again: sends the first admitted request if nothing is outstanding. */
    void pump() {
        if (sender == null || outstanding != null || queue.isEmpty()) {
            return;
        }
        OcppSessionGate g = gate.get();
        for (Iterator<Pending> it = queue.iterator(); it.hasNext();) {
            Pending p = it.next();
            if (p.result.isDone()) { // cancelled by the caller while waiting
                it.remove();
                continue;
            }
            if (!admitted(g, p)) {
                continue;
            }
            it.remove();
            queued = queue.size();
            send(p);
            return;
        }
        queued = queue.size();
    }

    private static boolean admitted(OcppSessionGate g, Pending p) {
        if (g == null || p.triggered) {
            return true;
        }
        try {
            return g.admitOutbound(p.request);
        } catch (RuntimeException e) {
            logger.error("OcppSessionGate failed for outbound {}; holding it", p.action.name(), e);
            return false;
        }
    }

    private void send(Pending p) {
        String id = UUID.randomUUID().toString();
        String frame;
        try {
            frame = Frames.call(id, p.action.name(), p.request);
        } catch (RuntimeException e) {
            p.result.completeExceptionally(e);
            pump();
            return;
        }
        p.messageId = id;
        outstanding = p;
        Duration timeout = messageTimeout;
        p.timeout = executor.schedule(() -> timedOut(p, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        Sender s = sender;
        p.sentAt = System.nanoTime();
        counters.callSent();
        s.send(frame, failure -> {
            if (failure != null) {
                executor.execute(() -> sendFailed(p, failure));
            }
        });
    }

    private void sendFailed(Pending p, Throwable failure) {
        if (outstanding != p) {
            return;
        }
        finish(p);
        p.result.completeExceptionally(new OcppConnectionException(
                p.action.name() + " could not be written: " + failure));
        pump();
    }

    private void timedOut(Pending p, Duration timeout) {
        if (outstanding != p) {
            return;
        }
        outstanding = null;
        counters.timedOut();
        logger.info("No answer to {} {} within {} s", p.action.name(), p.messageId, timeout.toSeconds());
        p.result.completeExceptionally(new OcppTimeoutException(
                "No answer to " + p.action.name() + " within " + timeout.toSeconds() + " s"));
        pump();
    }

    void onCallResult(String messageId, JsonNode frame) {
        Pending p = outstanding;
        if (p == null || !p.messageId.equals(messageId)) {
            logger.debug("Ignoring CALLRESULT for unknown or stale message id {}", Frames.excerpt(messageId, 36));
            return;
        }
        finish(p);
        counters.answered(System.nanoTime() - p.sentAt);
        try {
            if (frame.size() != 3) {
                throw new PayloadViolation(OcppErrorCode.ProtocolError,
                        "CALLRESULT for " + p.action.name() + " has " + frame.size() + " elements instead of 3");
            }
            JsonNode payload = frame.get(2);
            if (!payload.isObject()) {
                throw new PayloadViolation(OcppErrorCode.FormatViolation,
                        "CALLRESULT payload for " + p.action.name() + " is not a JSON object");
            }
            Object response = OcppJson.decode(payload, p.action.responseType());
            p.result.complete(response);
        } catch (PayloadViolation e) {
            logger.warn("Invalid CALLRESULT for {} {}: {} {}", p.action.name(), messageId, e.errorCode(),
                    e.getMessage());
            p.result.completeExceptionally(new PayloadViolation(e.errorCode(),
                    "Invalid CALLRESULT for " + p.action.name() + ": " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            logger.error("Decoding the CALLRESULT for {} failed unexpectedly", p.action.name(), e);
            p.result.completeExceptionally(e);
        }
        pump();
    }

    void onMalformed(String messageId) {
        Pending p = outstanding;
        if (p == null || !p.messageId.equals(messageId)) {
            logger.debug("Ignoring malformed response for unknown or stale message id {}", Frames.excerpt(messageId, 36));
            return;
        }
        finish(p);
        logger.warn("Malformed response to {} {}: not valid JSON", p.action.name(), messageId);
        p.result.completeExceptionally(new PayloadViolation(OcppErrorCode.FormatViolation,
                "Response to " + p.action.name() + " is not valid JSON"));
        pump();
    }

    void onCallError(String messageId, JsonNode frame) {
        Pending p = outstanding;
        if (p == null || !p.messageId.equals(messageId)) {
            logger.debug("Ignoring CALLERROR for unknown or stale message id {}", Frames.excerpt(messageId, 36));
            return;
        }
        finish(p);
        counters.answered(System.nanoTime() - p.sentAt);
        OcppErrorCode code = OcppErrorCode.GenericError;
        String description = "";
        Map<String, Object> details = Map.of();
        JsonNode c = frame.get(2);
        if (c != null && c.isTextual()) {
            try {
                code = OcppErrorCode.valueOf(c.textValue());
            } catch (IllegalArgumentException e) {
                description = "[" + Frames.excerpt(c.textValue(), 40) + "] ";
            }
        }
        JsonNode d = frame.get(3);
        if (d != null && d.isTextual()) {
            description += Frames.truncate(d.textValue(), Frames.MAX_DESCRIPTION);
        }
        JsonNode det = frame.get(4);
        if (det != null && det.isObject() && !det.isEmpty()) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = OcppJson.mapper().convertValue(det, Map.class);
                m.values().removeIf(java.util.Objects::isNull);
                details = m;
            } catch (IllegalArgumentException e) {
                details = Map.of();
            }
        }
        p.result.completeExceptionally(new OcppCallException(code, description, details));
        pump();
    }

    private void finish(Pending p) {
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        if (outstanding == p) {
            outstanding = null;
        }
    }
}
