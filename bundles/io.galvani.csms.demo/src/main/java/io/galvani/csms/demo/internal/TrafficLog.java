package io.galvani.csms.demo.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;

/**
 * Turns frames into one readable line each, e.g.
 * {@code GALVANI-0001 → CSMS  BootNotification  reason=PowerUp chargingStation.model=DC50}, so that a newcomer
 * can follow the OCPP conversation on the console.
 */
final class TrafficLog {

    static final String LOGGER_NAME = "galvani.csms.demo";
    static final int MAX_PAIRS = 10;
    static final int MAX_VALUE = 80;

    private static final Logger TRAFFIC = LoggerFactory.getLogger(LOGGER_NAME);

    private final boolean enabled;

    TrafficLog(boolean enabled) {
        this.enabled = enabled;
    }

    void frame(Frame frame) {
        if (!enabled) {
            return;
        }
        if (frame.hasViolations()) {
            TRAFFIC.warn("{}", describe(frame));
        } else {
            TRAFFIC.info("{}", describe(frame));
        }
    }

    /** A connection event of a station, e.g. "connected"; never pass secrets. */
    void event(String stationId, String message, Object... args) {
        if (enabled) {
            TRAFFIC.info(stationId + "  " + message, args);
        }
    }

    static String describe(Frame frame) {
        StringBuilder line = new StringBuilder();
        line.append(frame.dir() == Direction.TO_CSMS ? frame.stationId() + " → CSMS  " : "CSMS → " + frame.stationId() + "  ");
        String action = frame.action() == null ? "?" : frame.action();
        switch (frame.messageTypeId()) {
            case Frame.CALL -> line.append(action);
            case Frame.CALL_RESULT -> line.append(action).append(".result");
            case Frame.CALL_ERROR -> {
                line.append(action).append(".error  ").append(frame.errorCode());
                String description = frame.errorDescription();
                if (description != null && !description.isEmpty()) {
                    line.append(" \"").append(truncate(description)).append('"');
                }
            }
            default -> line.append("(unreadable)  ").append(truncate(frame.text()));
        }
        String pairs = flatten(frame.payload());
        if (!pairs.isEmpty()) {
            line.append("  ").append(pairs);
        }
        if (frame.hasViolations()) {
            line.append("  ⚠ ").append(truncate(String.join("; ", frame.violations())));
        }
        return line.toString();
    }

    /** "a=1 b.c=x list[0].v=2", at most {@link #MAX_PAIRS} pairs, then "…(+n)". */
    static String flatten(JsonNode payload) {
        List<String> pairs = new ArrayList<>();
        collect("", payload, pairs);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.size() && i < MAX_PAIRS; i++) {
            out.append(i == 0 ? "" : " ").append(pairs.get(i));
        }
        if (pairs.size() > MAX_PAIRS) {
            out.append(" …(+").append(pairs.size() - MAX_PAIRS).append(')');
        }
        return out.toString();
    }

    private static void collect(String prefix, JsonNode node, List<String> pairs) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), pairs);
            }
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                collect(prefix + "[" + i + "]", node.get(i), pairs);
            }
        } else if (!prefix.isEmpty()) {
            pairs.add(prefix + "=" + value(node));
        }
    }

    private static String value(JsonNode node) {
        if (!node.isTextual()) {
            return truncate(node.toString()); // numbers, booleans, null, {} and []
        }
        String text = truncate(node.textValue());
        return text.isEmpty() || text.chars().anyMatch(Character::isWhitespace) ? '"' + text + '"' : text;
    }

    static String truncate(String text) {
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "…";
    }
}
