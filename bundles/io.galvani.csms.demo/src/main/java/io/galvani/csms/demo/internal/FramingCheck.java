package io.galvani.csms.demo.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Parses an OCPP-J frame and lists what breaks the framing rules of OCPP-J (Part 4 §4). */
public final class FramingCheck {

    static final int MAX_MESSAGE_ID = 36;
    static final int MAX_ERROR_DESCRIPTION = 255;

    /**
     * What could be read from a frame. {@code typeId} is -1 when unreadable; the other fields are {@code null}
     * when absent (payload: {@link MissingNode}).
     */
    public record Parsed(int typeId, String messageId, String action, JsonNode payload, String errorCode,
            String errorDescription, List<String> violations) {
        public boolean wellFramed() {
            return violations.isEmpty();
        }
    }

    private FramingCheck() {
    }

    public static Parsed parse(String text) {
        List<String> violations = new ArrayList<>();
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            violations.add(e.getMessage());
            return unreadable(violations);
        }
        if (!root.isArray()) {
            violations.add("Not a JSON array");
            return unreadable(violations);
        }
        JsonNode type = root.path(0);
        if (!type.isInt()) {
            violations.add("MessageTypeId missing or not an integer");
            return unreadable(violations);
        }
        int typeId = type.intValue();
        String messageId = messageId(root.path(1), violations);
        return switch (typeId) {
            case 2 -> call(root, messageId, violations);
            case 3 -> result(root, messageId, violations);
            case 4 -> error(root, messageId, violations);
            default -> {
                violations.add("Unknown MessageTypeId " + typeId);
                yield new Parsed(typeId, messageId, null, MissingNode.getInstance(), null, null, violations);
            }
        };
    }

    private static Parsed call(JsonNode root, String messageId, List<String> violations) {
        expectSize(root, 4, "CALL", violations);
        String action = text(root.path(2), "Action", violations);
        if (action != null && action.isEmpty()) {
            violations.add("Action is empty");
        }
        return new Parsed(2, messageId, action, object(root.path(3), "Payload", violations), null, null, violations);
    }

    private static Parsed result(JsonNode root, String messageId, List<String> violations) {
        expectSize(root, 3, "CALLRESULT", violations);
        return new Parsed(3, messageId, null, object(root.path(2), "Payload", violations), null, null, violations);
    }

    private static Parsed error(JsonNode root, String messageId, List<String> violations) {
        expectSize(root, 5, "CALLERROR", violations);
        String code = text(root.path(2), "ErrorCode", violations);
        String description = text(root.path(3), "ErrorDescription", violations);
        if (description != null && description.length() > MAX_ERROR_DESCRIPTION) {
            violations.add("ErrorDescription longer than " + MAX_ERROR_DESCRIPTION + " characters");
        }
        JsonNode details = object(root.path(4), "ErrorDetails", violations);
        return new Parsed(4, messageId, null, details, code, description, violations);
    }

    private static String messageId(JsonNode node, List<String> violations) {
        if (!node.isTextual()) {
            violations.add("MessageId missing or not a string");
            return null;
        }
        String id = node.textValue();
        if (id.isEmpty()) {
            violations.add("MessageId is empty");
        } else if (id.length() > MAX_MESSAGE_ID) {
            violations.add("MessageId longer than " + MAX_MESSAGE_ID + " characters (" + id.length() + ")");
        }
        return id;
    }

    private static void expectSize(JsonNode root, int size, String kind, List<String> violations) {
        if (root.size() != size) {
            violations.add(kind + " must have " + size + " elements, has " + root.size());
        }
    }

    private static String text(JsonNode node, String what, List<String> violations) {
        if (!node.isTextual()) {
            violations.add(what + " missing or not a string");
            return null;
        }
        return node.textValue();
    }

    private static JsonNode object(JsonNode node, String what, List<String> violations) {
        if (!node.isObject()) {
            violations.add(what + " missing or not a JSON object");
            return node.isMissingNode() ? MissingNode.getInstance() : node;
        }
        return node;
    }

    private static Parsed unreadable(List<String> violations) {
        return new Parsed(-1, null, null, MissingNode.getInstance(), null, null, violations);
    }
}
