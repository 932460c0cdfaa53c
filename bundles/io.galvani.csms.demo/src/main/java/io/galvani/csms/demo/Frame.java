package io.galvani.csms.demo;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.galvani.csms.demo.internal.FramingCheck;

/**
 * One OCPP-J frame as it went over the wire, in either direction.
 *
 * @param at            when the CSMS received or sent it
 * @param stationId     the station identity from the connection URL
 * @param dir           which way it travelled
 * @param text          the exact text of the WebSocket message
 * @param messageTypeId 2 (CALL), 3 (CALLRESULT), 4 (CALLERROR), or -1 when the frame is not readable
 * @param messageId     the message id, or {@code null} when not readable
 * @param action        for a CALL its action; for a CALLRESULT/CALLERROR the action of the CALL it answers
 *                      ({@code null} when no such CALL was outstanding)
 * @param payload       the CALL/CALLRESULT payload, the CALLERROR errorDetails; {@link MissingNode} when absent
 * @param violations    framing and validator findings; empty when the frame is fine
 */
public record Frame(Instant at, String stationId, Direction dir, String text, int messageTypeId, String messageId,
        String action, JsonNode payload, List<String> violations) {

    public static final int CALL = 2;
    public static final int CALL_RESULT = 3;
    public static final int CALL_ERROR = 4;

    public Frame {
        payload = payload == null ? MissingNode.getInstance() : payload;
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public boolean isCall() {
        return messageTypeId == CALL;
    }

    public boolean isCallResult() {
        return messageTypeId == CALL_RESULT;
    }

    public boolean isCallError() {
        return messageTypeId == CALL_ERROR;
    }

    public boolean hasViolations() {
        return !violations.isEmpty();
    }

    /** The errorCode of a CALLERROR, otherwise {@code null}. */
    public String errorCode() {
        return isCallError() ? FramingCheck.parse(text).errorCode() : null;
    }

    /** The errorDescription of a CALLERROR, otherwise {@code null}. */
    public String errorDescription() {
        return isCallError() ? FramingCheck.parse(text).errorDescription() : null;
    }

    /** A copy carrying the given violations (used while a frame is being recorded). */
    public Frame withViolations(List<String> newViolations) {
        return new Frame(at, stationId, dir, text, messageTypeId, messageId, action, payload, newViolations);
    }

    @Override
    public String toString() {
        return (dir == Direction.TO_CSMS ? stationId + "->CSMS " : "CSMS->" + stationId + " ") + text
                + (violations.isEmpty() ? "" : " violations=" + violations);
    }
}
