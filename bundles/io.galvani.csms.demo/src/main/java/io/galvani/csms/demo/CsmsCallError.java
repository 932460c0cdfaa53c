package io.galvani.csms.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** The station answered a CSMS CALL with a CALLERROR; completes the future from {@link DemoCsms#call}. */
public final class CsmsCallError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String description;
    private final transient JsonNode details;

    public CsmsCallError(String code, String description, JsonNode details) {
        super(code + (description == null || description.isEmpty() ? "" : ": " + description));
        this.code = code;
        this.description = description;
        this.details = details;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public JsonNode details() {
        return details;
    }
}
