package io.galvani.ocpp.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.galvani.ocpp.model.internal.DateTimes;
import io.galvani.ocpp.model.internal.PayloadValidator;

/**
 * The JSON codec of the OCPP 2.0.1 payloads (the records in {@code io.galvani.ocpp.model.messages}
 * and {@code io.galvani.ocpp.model.types}).
 *
 * <p>Encoding omits absent (null) optional fields and writes date-times as RFC 3339 UTC with
 * milliseconds. Decoding first checks the payload against every constraint of its schema and
 * reports the first violation as a {@link PayloadViolation} carrying the OCPP-J error code.
 */
public final class OcppJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null))
            .addModule(DateTimes.module())
            .build();

    private OcppJson() {
    }

    /**
     * The mapper configured for OCPP payloads, shared: use it as is, or {@link ObjectMapper#copy()}
     * it before changing its configuration.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The JSON tree of a payload, e.g. for the third element of a CALL frame. */
    public static JsonNode encode(Object payload) {
        return MAPPER.valueToTree(payload);
    }

    /** The JSON text of a payload. */
    public static String write(Object payload) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot encode " + payload.getClass().getName(), e);
        }
    }

    /**
     * The payload of {@code type} that {@code payload} holds, checked against the schema.
     *
     * @param type a request or response record, or one of the types it contains
     * @throws PayloadViolation if the payload breaks the schema, with the OCPP-J error code to answer
     * @throws IllegalArgumentException if {@code type} is not a generated payload record
     */
    public static <T> T decode(JsonNode payload, Class<T> type) throws PayloadViolation {
        PayloadValidator.validate(payload, type);
        try {
            return MAPPER.treeToValue(payload, type);
        } catch (JacksonException e) {
            // The validator accepted the payload, so binding cannot fail short of a bug here; still
            // the caller must only ever see a PayloadViolation for what the peer sent.
            throw new PayloadViolation(OcppErrorCode.FormatViolation, "cannot bind payload: " + e.getOriginalMessage());
        }
    }
}
