package io.galvani.ocpp.api;

import java.util.Map;

import io.galvani.ocpp.model.OcppErrorCode;

/**
 * A CALLERROR: thrown by an {@link OcppRequestHandler} to answer a CALL with an error, and used to
 * fail the stage of {@link OcppLink#call} when the CSMS answers a CALL with an error.
 */
public class OcppCallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final OcppErrorCode errorCode;
    private final transient Map<String, Object> details;

    public OcppCallException(OcppErrorCode errorCode, String description) {
        this(errorCode, description, Map.of());
    }

    public OcppCallException(OcppErrorCode errorCode, String description, Map<String, Object> details) {
        super(description == null ? "" : description);
        this.errorCode = errorCode;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public OcppErrorCode errorCode() {
        return errorCode;
    }

    /** The CALLERROR's errorDetails object; empty if none. */
    public Map<String, Object> details() {
        return details;
    }
}
