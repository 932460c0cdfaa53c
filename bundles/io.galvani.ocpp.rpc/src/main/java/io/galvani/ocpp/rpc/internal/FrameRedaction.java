package io.galvani.ocpp.rpc.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Takes secrets out of a frame before it is written to the OCPP message log: the value of a
 * SetVariables item whose variable is a password (BasicAuthPassword, or any vendor variable named
 * …Password), and user information in the URLs of GetLog, UpdateFirmware and PublishFirmware
 * ({@code ftp://user:secret@host/} becomes {@code ftp://***@host/}). Every other frame is logged as
 * received, and frames are only parsed when their text names one of these actions.
 */
final class FrameRedaction {
    static final String MASK = "***";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s\"]+@");

    private FrameRedaction() {
    }

    static String redact(String frame) {
        if (frame.contains("\"SetVariables\"") && frame.toLowerCase(Locale.ROOT).contains("password")) {
            return maskPasswords(frame);
        }
        if (frame.contains("://") && (frame.contains("\"GetLog\"") || frame.contains("Firmware\""))) {
            Matcher m = USER_INFO.matcher(frame);
            return m.replaceAll("$1" + MASK + "@");
        }
        return frame;
    }

    private static String maskPasswords(String frame) {
        try {
            JsonNode root = JSON.readTree(frame);
            if (!(root instanceof ArrayNode call) || call.size() != 4 || !(call.get(3) instanceof ObjectNode payload)) {
                return frame;
            }
            boolean masked = false;
            for (JsonNode item : payload.path("setVariableData")) {
                String name = item.path("variable").path("name").asText("");
                if (item instanceof ObjectNode o && o.has("attributeValue")
                        && name.toLowerCase(Locale.ROOT).endsWith("password")) {
                    o.put("attributeValue", MASK);
                    masked = true;
                }
            }
            return masked ? JSON.writeValueAsString(root) : frame;
        } catch (Exception e) {
            // Not JSON (the pipeline will answer it with a CALLERROR): log nothing of it that could be a secret.
            return "(unparsable SetVariables frame of " + frame.length() + " characters, not logged)";
        }
    }
}
