package io.galvani.ocpp.rpc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.model.Action;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.PayloadViolation;

/**
 * The inbound frame pipeline: decodes one text frame, dispatches a CALL to its
 * {@link OcppRequestHandler} and answers it with exactly one CALLRESULT or CALLERROR, and hands
 * CALLRESULT/CALLERROR frames to the outbound side. Never throws; the connection stays up whatever
 * the frame contains. See the README for the error mapping table.
 *
 * <p>Called on the transport's executor, one frame at a time; it keeps no state between frames.
 */
final class InboundPipeline {
    private static final Logger logger = LoggerFactory.getLogger(InboundPipeline.class);

    /** Where replies go. */
    interface Outlet {
        /** Writes {@code frame}; runs {@code afterWritten} (on any thread) once it has been written. */
        void send(String frame, Runnable afterWritten);
    }

    /** Receives CALLRESULT and CALLERROR frames with a readable message id. */
    interface Responses {
        void onCallResult(String messageId, JsonNode frame);

        void onCallError(String messageId, JsonNode frame);

        /** A CALLRESULT or CALLERROR with this id arrived but is not valid JSON. */
        void onMalformed(String messageId);

        /** A CALL from the CSMS arrived (valid or not), for the link statistics. */
        default void onCallReceived() {
        }

        /** The CSMS sent a message that is no valid OCPP (security event InvalidMessages); {@code what} says why. */
        default void onInvalid(String what) {
        }
    }

    private static final Runnable NOTHING = () -> { };

    private final HandlerRegistry handlers;
    private final Supplier<OcppSessionGate> gate;
    private final Responses responses;
    private final Executor afterResponseExecutor;

    InboundPipeline(HandlerRegistry handlers, Supplier<OcppSessionGate> gate, Responses responses,
            Executor afterResponseExecutor) {
        this.handlers = handlers;
        this.gate = gate;
        this.responses = responses;
        this.afterResponseExecutor = afterResponseExecutor;
    }

    /** Processes one inbound text frame. */
    void accept(String text, Outlet out) {
        try {
            dispatch(text, out);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug in this pipeline: log it, keep the connection.
            logger.error("Failed to process an inbound OCPP frame", e);
        }
    }

    private void dispatch(String text, Outlet out) {
        JsonNode frame;
        try {
            frame = Frames.parse(text);
        } catch (JsonProcessingException e) {
            malformed(text, out);
            return;
        }
        if (!frame.isArray() || frame.isEmpty()) {
            invalid(out, Frames.UNKNOWN_ID, OcppErrorCode.RpcFrameworkError, "Message is not a JSON array");
            return;
        }
        String id = Frames.readableId(frame);
        String replyId = id == null ? Frames.UNKNOWN_ID : id;
        JsonNode typeNode = frame.get(0);
        if (!typeNode.isNumber()) {
            invalid(out, replyId, OcppErrorCode.RpcFrameworkError, "MessageTypeId is not a number");
            return;
        }
        int type = typeNode.isIntegralNumber() && typeNode.canConvertToInt() ? typeNode.intValue() : -1;
        if (type != Frames.CALL && type != Frames.CALLRESULT && type != Frames.CALLERROR) {
            invalid(out, replyId, OcppErrorCode.MessageTypeNotSupported, "MessageTypeId not supported");
            return;
        }
        if (id == null) {
            invalid(out, Frames.UNKNOWN_ID, OcppErrorCode.RpcFrameworkError,
                    "MessageId missing, not a string, empty or longer than 36 characters");
            return;
        }
        switch (type) {
        case Frames.CALL -> {
            responses.onCallReceived();
            call(frame, id, text, out);
        }
        case Frames.CALLRESULT -> responses.onCallResult(id, frame);
        default -> responses.onCallError(id, frame);
        }
    }

    /**
     * Not valid JSON (or beyond the parser limits). If the frame still starts with a readable
     * {@code [type, "id"} the id is used: a CALL gets FormatViolation, a CALLRESULT/CALLERROR fails the
     * matching outstanding CALL; otherwise RpcFrameworkError with id "-1" (§4.2.3).
     */
    private void malformed(String text, Outlet out) {
        Frames.Header h = Frames.sniffHeader(text);
        if (h == null) {
            invalid(out, Frames.UNKNOWN_ID, OcppErrorCode.RpcFrameworkError, "Message is not valid JSON");
        } else if (h.type() == Frames.CALL) {
            invalid(out, h.id(), OcppErrorCode.FormatViolation, "Message is not valid JSON");
        } else if (h.type() == Frames.CALLRESULT || h.type() == Frames.CALLERROR) {
            responses.onInvalid("a CALLRESULT/CALLERROR that is not valid JSON");
            responses.onMalformed(h.id());
        } else {
            invalid(out, h.id(), OcppErrorCode.MessageTypeNotSupported, "MessageTypeId not supported");
        }
    }

    private void call(JsonNode frame, String id, String text, Outlet out) {
        if (frame.size() != 4) {
            invalid(out, id, OcppErrorCode.ProtocolError, "A CALL has 4 elements, this one has " + frame.size());
            return;
        }
        JsonNode actionNode = frame.get(2);
        if (!actionNode.isTextual()) {
            invalid(out, id, OcppErrorCode.ProtocolError, "Action is not a string");
            return;
        }
        String name = actionNode.textValue();
        Optional<Action> known = Action.byName(name);
        if (known.isEmpty()) {
            invalid(out, id, OcppErrorCode.NotImplemented, "Unknown action '" + Frames.excerpt(name, 60) + "'");
            return;
        }
        Action action = known.get();
        // The registration state comes first: while Rejected every CALL is refused (B03.FR.08), whether or not
        // this station implements it.
        OcppSessionGate g = gate.get();
        if (g != null) {
            Optional<OcppCallException> refusal;
            try {
                refusal = g.admitInbound(name);
            } catch (RuntimeException e) {
                logger.error("OcppSessionGate failed for inbound {}", name, e);
                error(out, id, OcppErrorCode.InternalError, "Internal error", Map.of());
                return;
            }
            if (refusal != null && refusal.isPresent()) {
                OcppCallException e = refusal.get();
                error(out, id, codeOf(e), e.getMessage(), e.details());
                return;
            }
        }
        OcppRequestHandler<?, ?> handler = Frames.csmsMayInitiate(name) ? handlers.get(action) : null;
        if (handler == null) {
            error(out, id, OcppErrorCode.NotImplemented, name + " is not implemented by this Charging Station",
                    Map.of());
            return;
        }
        JsonNode payload = frame.get(3);
        Object request;
        try {
            if (!payload.isObject()) {
                throw new PayloadViolation(OcppErrorCode.FormatViolation, "Payload is not a JSON object");
            }
            request = OcppJson.decode(payload, action.requestType());
        } catch (PayloadViolation e) {
            invalid(out, id, e.errorCode() == null ? OcppErrorCode.FormatViolation : e.errorCode(), e.getMessage());
            return;
        } catch (RuntimeException | StackOverflowError e) {
            logger.error("Decoding a {} payload failed unexpectedly", name, e);
            error(out, id, OcppErrorCode.InternalError, "Internal error while decoding the payload", Map.of());
            return;
        }
        Context context = new Context(id, name, text, afterResponseExecutor);
        Object response;
        try {
            response = invoke(handler, request, context);
        } catch (OcppCallException e) {
            error(out, id, codeOf(e), e.getMessage(), e.details());
            return;
        } catch (Exception | LinkageError | StackOverflowError e) {
            logger.error("OCPP request handler {} failed on {} (message {})", handler.getClass().getName(), name, id,
                    e);
            error(out, id, OcppErrorCode.InternalError, "Internal error while handling " + name, Map.of());
            return;
        }
        if (!action.responseType().isInstance(response)) {
            logger.error("OCPP request handler {} answered {} with {} instead of a {}", handler.getClass().getName(),
                    name, response == null ? "null" : response.getClass().getName(),
                    action.responseType().getSimpleName());
            error(out, id, OcppErrorCode.InternalError, "Internal error while handling " + name, Map.of());
            return;
        }
        String result;
        try {
            result = Frames.callResult(id, OcppJson.encode(response));
        } catch (RuntimeException e) {
            logger.error("Cannot encode the {} response of {}", name, handler.getClass().getName(), e);
            error(out, id, OcppErrorCode.InternalError, "Internal error while encoding the response", Map.of());
            return;
        }
        out.send(result, context::written);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object invoke(OcppRequestHandler handler, Object request, InboundCall call)
            throws OcppCallException {
        return handler.handle((OcppRequest) request, call);
    }

    private static OcppErrorCode codeOf(OcppCallException e) {
        return e.errorCode() == null ? OcppErrorCode.GenericError : e.errorCode();
    }

    /** A CALLERROR for a message that is no valid OCPP, which is also a security event (InvalidMessages). */
    private void invalid(Outlet out, String id, OcppErrorCode code, String description) {
        responses.onInvalid(code + ": " + description);
        error(out, id, code, description, Map.of());
    }

    private static void error(Outlet out, String id, OcppErrorCode code, String description, Map<String, ?> details) {
        out.send(Frames.callError(id, code, description, details), NOTHING);
    }

    /** The InboundCall handed to a handler; collects afterResponse tasks until the CALLRESULT is written. */
    static final class Context implements InboundCall {
        private final String messageId;
        private final String action;
        private final String frame;
        private final Executor executor;
        private List<Runnable> tasks = new ArrayList<>(0);

        Context(String messageId, String action, String frame, Executor executor) {
            this.messageId = messageId;
            this.action = action;
            this.frame = frame;
            this.executor = executor;
        }

        /** Counted on demand: only the device-model handlers ask. */
        @Override
        public int messageBytes() {
            return frame.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }

        @Override
        public String messageId() {
            return messageId;
        }

        @Override
        public String action() {
            return action;
        }

        @Override
        public void afterResponse(Runnable task) {
            if (task == null) {
                return;
            }
            synchronized (this) {
                if (tasks != null) {
                    tasks.add(task);
                    return;
                }
            }
            run(task);
        }

        /** The CALLRESULT has been written: run the collected tasks in order. */
        void written() {
            List<Runnable> toRun;
            synchronized (this) {
                toRun = tasks;
                tasks = null;
            }
            if (toRun != null) {
                toRun.forEach(this::run);
            }
        }

        private void run(Runnable task) {
            try {
                executor.execute(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        logger.error("afterResponse task of {} {} failed", action, messageId, e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                logger.debug("afterResponse task of {} {} dropped: transport stopped", action, messageId);
            }
        }

        @Override
        public String toString() {
            return "InboundCall[" + action + " " + messageId + "]";
        }
    }
}
