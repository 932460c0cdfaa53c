package io.galvani.ocpp.rpc.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppRequest;

/** OCPP-J frame syntax (Part 4 §4): parsing limits and writing of CALL, CALLRESULT and CALLERROR. */
final class Frames {
    static final int CALL = 2;
    static final int CALLRESULT = 3;
    static final int CALLERROR = 4;
    /** Message id used in a CALLERROR when the id of the offending message cannot be read (§4.2.3). */
    static final String UNKNOWN_ID = "-1";
    static final int MAX_ID_LENGTH = 36;
    static final int MAX_DESCRIPTION = 255;
    /** OCPP 2.0.1 payloads nest less than 10 levels; deeper frames are refused before they cost anything. */
    static final int MAX_NESTING = 64;

    /**
     * Actions only the Charging Station initiates (Part 2 message list); a CALL of these from the CSMS
     * is answered NotImplemented. DataTransfer goes both ways.
     */
    static final Set<String> STATION_INITIATED = Set.of("Authorize", "BootNotification", "ClearedChargingLimit",
            "FirmwareStatusNotification", "Get15118EVCertificate", "GetCertificateStatus", "Heartbeat",
            "LogStatusNotification", "MeterValues", "NotifyChargingLimit", "NotifyCustomerInformation",
            "NotifyDisplayMessages", "NotifyEVChargingNeeds", "NotifyEVChargingSchedule", "NotifyEvent",
            "NotifyMonitoringReport", "NotifyReport", "PublishFirmwareStatusNotification", "ReportChargingProfiles",
            "ReservationStatusUpdate", "SecurityEventNotification", "SignCertificate", "StatusNotification",
            "TransactionEvent");
    static final String BIDIRECTIONAL = "DataTransfer";

    private static final ObjectMapper MAPPER = newFrameMapper();

    private Frames() {
    }

    /** Whether the CSMS may send a CALL of this action. */
    static boolean csmsMayInitiate(String action) {
        return !STATION_INITIATED.contains(action);
    }

    /** Whether the station may send a CALL of this action. */
    static boolean stationMayInitiate(String action) {
        return STATION_INITIATED.contains(action) || BIDIRECTIONAL.equals(action);
    }

    private static ObjectMapper newFrameMapper() {
        ObjectMapper m = OcppJson.mapper().copy();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .build());
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    /** Parses a frame; throws on anything that is not one complete JSON value within the limits. */
    static JsonNode parse(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new JsonProcessingException("empty frame") {
                private static final long serialVersionUID = 1L;
            };
        }
        return node;
    }

    /** MessageTypeId and MessageId read from the start of a frame that is not valid JSON as a whole. */
    record Header(int type, String id) {
    }

    /**
     * Reads {@code [<integer>, "<id>"} from the start of {@code text} with a streaming parser; null if
     * the frame does not start like that or the id is not 1 to 36 characters.
     */
    static Header sniffHeader(String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                return null;
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                return null;
            }
            int type = p.getIntValue();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String id = p.getText();
            return id.isEmpty() || id.length() > MAX_ID_LENGTH ? null : new Header(type, id);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The message id if it is readable: a string of 1 to 36 characters; otherwise null. */
    static String readableId(JsonNode frame) {
        if (frame.size() < 2) {
            return null;
        }
        JsonNode id = frame.get(1);
        if (id == null || !id.isTextual()) {
            return null;
        }
        String s = id.textValue();
        return s.isEmpty() || s.length() > MAX_ID_LENGTH ? null : s;
    }

    /**
     * A CALL with a payload record of the message model, serialized straight into the frame: the same text as
     * a CALL array written from {@code OcppJson.encode(payload)}, without building a JSON tree first (every outbound CALL,
     * a long outbox drain included, goes through here).
     */
    static String call(String id, String action, OcppRequest<?> payload) {
        StringWriter out = new StringWriter(512);
        ObjectMapper payloads = OcppJson.mapper();
        try (JsonGenerator g = payloads.getFactory().createGenerator(out)) {
            g.writeStartArray();
            g.writeNumber(CALL);
            g.writeString(id);
            g.writeString(action);
            payloads.writeValue(g, payload);
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + payload.getClass().getName(), e);
        }
        return out.toString();
    }

    static String callResult(String id, JsonNode payload) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(3);
        a.add(CALLRESULT).add(id).add(payload);
        return write(a);
    }

    static String callError(String id, OcppErrorCode code, String description, Map<String, ?> details) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(5);
        a.add(CALLERROR).add(id).add(code.name()).add(truncate(description, MAX_DESCRIPTION)).add(details(details));
        return write(a);
    }

    private static ObjectNode details(Map<String, ?> details) {
        if (details == null || details.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode n = MAPPER.valueToTree(details);
            return n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        } catch (IllegalArgumentException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Cuts {@code s} to at most {@code max} characters without splitting a surrogate pair; null → "". */
    static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** A short, printable rendering of a value taken from a frame, for error descriptions and logs. */
    static String excerpt(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 1);
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (s.length() > max) {
            b.append('…');
        }
        return b.toString();
    }
}
