package io.galvani.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;

import org.eclipse.jetty.server.Request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request's JSON object body, with the checks that give the browser a precise 400. */
final class JsonBody {
    static final int MAX_BYTES = 16 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /** Reads the body; only {@code allowed} fields may appear (a typo is an error, not silently ignored). */
    static JsonBody read(Request request, Set<String> allowed) {
        byte[] bytes;
        try (InputStream in = Request.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw ConsoleException.badRequest("could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConsoleException(413, "request body exceeds the limit of " + MAX_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw ConsoleException.badRequest("missing request body: a JSON object is expected");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ConsoleException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ConsoleException.badRequest("could not read the request body: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode o)) {
            throw ConsoleException.badRequest("the request body must be a JSON object");
        }
        for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ConsoleException.badRequest("unknown field " + name + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return new JsonBody(o);
    }

    /** A required string field. */
    String string(String name) {
        String s = optionalString(name);
        if (s == null) {
            throw ConsoleException.badRequest("missing field " + name);
        }
        return s;
    }

    /** A string field that may be absent or null. */
    String optionalString(String name) {
        JsonNode n = object.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ConsoleException.badRequest(name + " must be a string");
        }
        return n.textValue();
    }

    /** An integer field of at least {@code min}, or {@code fallback} when absent or null. */
    Integer integer(String name, int min, Integer fallback) {
        JsonNode n = object.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min) {
            throw ConsoleException.badRequest(name + " must be an integer >= " + min);
        }
        return n.intValue();
    }

    boolean bool(String name) {
        JsonNode n = object.get(name);
        if (n == null || n.isNull()) {
            throw ConsoleException.badRequest("missing field " + name);
        }
        if (!n.isBoolean()) {
            throw ConsoleException.badRequest(name + " must be true or false");
        }
        return n.booleanValue();
    }
}
