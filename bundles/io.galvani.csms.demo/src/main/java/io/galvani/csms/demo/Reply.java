package io.galvani.csms.demo;

import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.galvani.csms.demo.internal.Json;

/** What the CSMS sends back for one station CALL: a result, a CALLERROR, or nothing at all; optionally late. */
public final class Reply {

    /** The three ways to answer. */
    public enum Kind { RESULT, ERROR, NONE }

    private static final Reply NONE = new Reply(Kind.NONE, null, null, null, Duration.ZERO);

    private final Kind kind;
    private final JsonNode payload;
    private final String errorCode;
    private final String errorDescription;
    private final Duration delay;

    private Reply(Kind kind, JsonNode payload, String errorCode, String errorDescription, Duration delay) {
        this.kind = kind;
        this.payload = payload;
        this.errorCode = errorCode;
        this.errorDescription = errorDescription;
        this.delay = delay;
    }

    /** A CALLRESULT with this payload (must be a JSON object). */
    public static Reply result(JsonNode payload) {
        Objects.requireNonNull(payload, "payload");
        return new Reply(Kind.RESULT, payload, null, null, Duration.ZERO);
    }

    /** A CALLRESULT with this JSON text as payload, e.g. {@code Reply.result("{\"status\":\"Rejected\"}")}. */
    public static Reply result(String json) {
        return result(Json.parse(json));
    }

    /** A CALLRESULT with the empty payload {@code {}}. */
    public static Reply empty() {
        return result(JsonNodeFactory.instance.objectNode());
    }

    /** A CALLERROR with the given OCPP error code (e.g. {@code NotImplemented}) and description. */
    public static Reply error(String code, String description) {
        return new Reply(Kind.ERROR, JsonNodeFactory.instance.objectNode(), Objects.requireNonNull(code, "code"),
                description == null ? "" : description, Duration.ZERO);
    }

    /** Never answer: the station's CALL times out (for timeout and retry tests). */
    public static Reply none() {
        return NONE;
    }

    /** The same reply, sent after {@code delay} instead of at once. */
    public Reply after(Duration delay) {
        if (kind == Kind.NONE) {
            return this;
        }
        return new Reply(kind, payload, errorCode, errorDescription, Objects.requireNonNull(delay, "delay"));
    }

    public Kind kind() {
        return kind;
    }

    /** Result payload, or the (empty) errorDetails of a CALLERROR; {@code null} for {@link #none()}. */
    public JsonNode payload() {
        return payload;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorDescription() {
        return errorDescription;
    }

    public Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RESULT -> "result " + payload;
            case ERROR -> "error " + errorCode + " " + errorDescription;
            case NONE -> "none";
        } + (delay.isZero() ? "" : " after " + delay);
    }
}
