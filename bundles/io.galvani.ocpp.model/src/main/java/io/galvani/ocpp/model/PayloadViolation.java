package io.galvani.ocpp.model;

/**
 * A payload that does not conform to the schema of its action. Carries the CALLERROR code that
 * OCPP-J prescribes for the violation and a description naming the offending field, short enough
 * (at most 255 characters) to be sent as the CALLERROR's errorDescription.
 */
public final class PayloadViolation extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_DESCRIPTION = 255;

    private final OcppErrorCode errorCode;

    public PayloadViolation(OcppErrorCode errorCode, String description) {
        super(truncate(description));
        this.errorCode = errorCode;
    }

    public OcppErrorCode errorCode() {
        return errorCode;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
}
