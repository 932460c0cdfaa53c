package io.galvani.csms.demo.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.galvani.csms.demo.CallResponder;
import io.galvani.csms.demo.CsmsCallError;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.csms.demo.Replies;
import io.galvani.csms.demo.Reply;
import io.galvani.csms.demo.internal.FramingCheck.Parsed;
import io.galvani.csms.demo.internal.OcppEndpoint.PendingCall;

/** The OCPP-J RPC logic: records and logs every frame, answers station CALLs, matches results to CSMS CALLs. */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final FrameStore store;
    private final Stations stations;
    private final FrameValidator validator;
    private final TrafficLog traffic;
    private final Scheduler scheduler;
    private final Map<String, CallResponder> responders;

    Dispatcher(FrameStore store, Stations stations, FrameValidator validator, TrafficLog traffic, Scheduler scheduler,
            Map<String, CallResponder> replies) {
        this.store = store;
        this.stations = stations;
        this.validator = validator;
        this.traffic = traffic;
        this.scheduler = scheduler;
        this.responders = new ConcurrentHashMap<>(replies);
    }

    void onCall(String action, CallResponder responder) {
        if (responder == null) {
            responders.remove(action);
        } else {
            responders.put(action, responder);
        }
    }

    // --- connection events --------------------------------------------------------------------------------

    void opened(OcppEndpoint endpoint) {
        String station = endpoint.stationId();
        if (endpoint.subprotocol() == null) {
            List<String> offered = stations.lastHandshake(station).map(h -> h.offeredSubprotocols()).orElse(List.of());
            traffic.event(station, "offered subprotocols {}, not ocpp2.0.1: closing", offered);
            endpoint.session().close(StatusCode.PROTOCOL, "Subprotocol ocpp2.0.1 required", Callback.NOOP);
            return;
        }
        int number = stations.opened(endpoint);
        traffic.event(station, "connected ({}, connection #{}, from {})", endpoint.subprotocol(), number,
                endpoint.session().getRemoteSocketAddress());
    }

    void closed(OcppEndpoint endpoint, int statusCode, String reason) {
        synchronized (endpoint) {
            endpoint.markClosed();
        }
        if (stations.closed(endpoint)) {
            traffic.event(endpoint.stationId(), "disconnected ({})",
                    reason == null || reason.isBlank() ? statusCode : statusCode + " " + reason);
        }
        for (String messageId : List.copyOf(endpoint.pendingCalls().keySet())) {
            PendingCall pending = endpoint.pendingCalls().remove(messageId);
            if (pending != null) {
                pending.future().completeExceptionally(new IllegalStateException("Station " + endpoint.stationId()
                        + " disconnected before answering " + pending.action() + " " + messageId));
            }
        }
    }

    // --- inbound ------------------------------------------------------------------------------------------

    void received(OcppEndpoint endpoint, String text) {
        Parsed parsed = FramingCheck.parse(text);
        List<String> violations = new ArrayList<>(parsed.violations());
        String action = parsed.action();
        PendingCall pending = null;
        boolean isAnswer = parsed.typeId() == Frame.CALL_RESULT || parsed.typeId() == Frame.CALL_ERROR;
        if (isAnswer && parsed.messageId() != null) {
            pending = endpoint.pendingCalls().remove(parsed.messageId());
            if (pending == null) {
                violations.add("No outstanding CSMS CALL with messageId " + parsed.messageId());
            } else {
                action = pending.action();
            }
        }
        Frame frame = record(endpoint, Direction.TO_CSMS, text, parsed, action, violations);
        if (pending != null) {
            complete(pending, parsed);
        }
        if (parsed.wellFramed() && parsed.typeId() == Frame.CALL) {
            answer(endpoint, frame);
        } else if (!parsed.wellFramed() && !isAnswer) {
            rejectMalformed(endpoint, parsed);
        }
    }

    private static void complete(PendingCall pending, Parsed answer) {
        if (!answer.wellFramed()) {
            pending.future().completeExceptionally(new IllegalStateException(
                    "Malformed answer to " + pending.action() + ": " + answer.violations()));
        } else if (answer.typeId() == Frame.CALL_RESULT) {
            pending.future().complete(answer.payload());
        } else {
            pending.future().completeExceptionally(
                    new CsmsCallError(answer.errorCode(), answer.errorDescription(), answer.payload()));
        }
    }

    private void answer(OcppEndpoint endpoint, Frame call) {
        CallResponder responder = responders.getOrDefault(call.action(), Replies.defaultFor(call.action()));
        Reply reply;
        try {
            reply = responder.respond(call.stationId(), call.messageId(), call.payload());
        } catch (RuntimeException e) {
            LOG.warn("Scripted responder for {} failed; answering InternalError", call.action(), e);
            reply = Reply.error("InternalError", String.valueOf(e));
        }
        if (reply == null || reply.kind() == Reply.Kind.NONE) {
            traffic.event(call.stationId(), "(scripted: no answer to {} {})", call.action(), call.messageId());
            return;
        }
        Reply scripted = reply;
        if (scripted.delay().isZero() || scripted.delay().isNegative()) {
            sendReply(endpoint, call, scripted);
        } else {
            scheduler.schedule(() -> sendReply(endpoint, call, scripted), scripted.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void sendReply(OcppEndpoint endpoint, Frame call, Reply reply) {
        ArrayNode frame = JsonNodeFactory.instance.arrayNode();
        if (reply.kind() == Reply.Kind.RESULT) {
            frame.add(Frame.CALL_RESULT).add(call.messageId()).add(reply.payload());
        } else {
            frame.add(Frame.CALL_ERROR).add(call.messageId()).add(reply.errorCode()).add(reply.errorDescription())
                    .add(reply.payload());
        }
        send(endpoint, Json.write(frame), call.action());
    }

    /** OCPP-J: an unreadable or unknown frame is answered with a CALLERROR, with id "-1" when unreadable. */
    private void rejectMalformed(OcppEndpoint endpoint, Parsed parsed) {
        String messageId = parsed.messageId() == null ? "-1" : parsed.messageId();
        boolean unknownType = parsed.typeId() > 0 && parsed.typeId() != Frame.CALL;
        ArrayNode frame = JsonNodeFactory.instance.arrayNode().add(Frame.CALL_ERROR).add(messageId)
                .add(unknownType ? "MessageTypeNotSupported" : "RpcFrameworkError")
                .add(TrafficLog.truncate(String.join("; ", parsed.violations())));
        frame.addObject();
        send(endpoint, Json.write(frame), parsed.action());
    }

    // --- outbound -----------------------------------------------------------------------------------------

    CompletableFuture<JsonNode> call(String stationId, String action, JsonNode payload) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        OcppEndpoint endpoint = stations.endpoint(stationId).orElse(null);
        if (endpoint == null) {
            future.completeExceptionally(new IllegalStateException("Station " + stationId + " is not connected"));
            return future;
        }
        String messageId = UUID.randomUUID().toString();
        ArrayNode frame = JsonNodeFactory.instance.arrayNode().add(Frame.CALL).add(messageId).add(action).add(payload);
        synchronized (endpoint) {
            // Registered before sending: the answer may arrive before sendText returns.
            endpoint.pendingCalls().put(messageId, new PendingCall(action, future));
            if (!send(endpoint, Json.write(frame), null)) {
                endpoint.pendingCalls().remove(messageId);
                future.completeExceptionally(new IllegalStateException("Station " + stationId + " is not connected"));
            }
        }
        return future;
    }

    void sendRaw(String stationId, String text) {
        OcppEndpoint endpoint = stations.endpoint(stationId)
                .orElseThrow(() -> new IllegalStateException("Station " + stationId + " is not connected"));
        Parsed parsed = FramingCheck.parse(text);
        synchronized (endpoint) {
            if (parsed.wellFramed() && parsed.typeId() == Frame.CALL) {
                // So that the station's answer is matched (and not flagged) like any CSMS CALL.
                endpoint.pendingCalls().put(parsed.messageId(), new PendingCall(parsed.action(), new CompletableFuture<>()));
            }
            if (!send(endpoint, text, null)) {
                throw new IllegalStateException("Station " + stationId + " is not connected");
            }
        }
    }

    /**
     * Records and sends one frame, atomically per connection so the record order is the wire order.
     *
     * @param resultAction for an answer, the action of the CALL it answers
     * @return false when the connection is already closed (nothing recorded)
     */
    private boolean send(OcppEndpoint endpoint, String text, String resultAction) {
        Parsed parsed = FramingCheck.parse(text);
        String action = parsed.typeId() == Frame.CALL ? parsed.action() : resultAction;
        synchronized (endpoint) {
            if (endpoint.isClosed()) {
                LOG.debug("Not sent to {} (connection closed): {}", endpoint.stationId(), text);
                return false;
            }
            record(endpoint, Direction.TO_STATION, text, parsed, action, new ArrayList<>(parsed.violations()));
            endpoint.session().sendText(text, Callback.from(() -> { },
                    failure -> LOG.debug("Send to {} failed: {}", endpoint.stationId(), failure.toString())));
            return true;
        }
    }

    private Frame record(OcppEndpoint endpoint, Direction direction, String text, Parsed parsed, String action,
            List<String> violations) {
        Frame frame = new Frame(Instant.now(), endpoint.stationId(), direction, text, parsed.typeId(),
                parsed.messageId(), action, parsed.payload(), violations);
        if (validator != null && parsed.wellFramed()) {
            List<String> found = new ArrayList<>(violations);
            try {
                found.addAll(validator.validate(frame));
            } catch (RuntimeException e) {
                found.add("Validator failed: " + e);
            }
            frame = frame.withViolations(found);
        }
        store.add(frame);
        traffic.frame(frame);
        return frame;
    }
}
