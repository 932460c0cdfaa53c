package io.galvani.console.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.ocpp.api.OcppFrame;

/**
 * Turns a redacted {@link OcppFrame} into the message-log entry the console shows: message type, id, action and
 * payload; a CALLRESULT or CALLERROR carries the action of its CALL (so the log can be filtered by action) and, for
 * an answer to the station's own CALL, the round trip. Remembers the last {@value #REMEMBERED} CALLs for that. Used
 * on the feed's thread only.
 */
final class FrameDescriber {
    static final int REMEMBERED = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Call(String action, OcppFrame frame) {
    }

    private final Map<String, Call> calls = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Call> eldest) {
            return size() > REMEMBERED;
        }
    };
    private long seq;

    ObjectNode describe(OcppFrame frame) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("seq", ++seq);
        entry.put("at", frame.at().toString());
        entry.put("direction", frame.direction() == OcppFrame.Direction.SENT ? "out" : "in");
        JsonNode parsed;
        try {
            parsed = JSON.readTree(frame.text());
        } catch (Exception e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isArray() || parsed.size() < 3 || !parsed.get(0).canConvertToInt()) {
            entry.put("type", "INVALID");
            entry.put("text", frame.text());
            return entry;
        }
        int type = parsed.get(0).asInt();
        String id = parsed.get(1).asText();
        entry.put("id", id);
        switch (type) {
        case 2 -> {
            String action = parsed.get(2).asText();
            entry.put("type", "CALL").put("action", action);
            entry.set("payload", parsed.size() > 3 ? parsed.get(3) : null);
            calls.put(key(frame.direction(), id), new Call(action, frame));
        }
        case 3, 4 -> {
            entry.put("type", type == 3 ? "CALLRESULT" : "CALLERROR");
            // The answer travels the other way: a CALL we sent is answered by a frame we received.
            OcppFrame.Direction callDirection = frame.direction() == OcppFrame.Direction.SENT
                    ? OcppFrame.Direction.RECEIVED : OcppFrame.Direction.SENT;
            Call call = calls.remove(key(callDirection, id));
            if (call != null) {
                entry.put("action", call.action());
                if (callDirection == OcppFrame.Direction.SENT) {
                    entry.put("roundTripMs", Duration.between(call.frame().at(), frame.at()).toMillis());
                }
            }
            if (type == 3) {
                entry.set("payload", parsed.get(2));
            } else {
                entry.put("errorCode", parsed.get(2).asText());
                entry.put("errorDescription", parsed.size() > 3 ? parsed.get(3).asText() : "");
                entry.set("payload", parsed.size() > 4 ? parsed.get(4) : null);
            }
        }
        default -> {
            entry.put("type", "INVALID");
            entry.put("text", frame.text());
        }
        }
        return entry;
    }

    private static String key(OcppFrame.Direction direction, String id) {
        return direction + ":" + id;
    }
}
