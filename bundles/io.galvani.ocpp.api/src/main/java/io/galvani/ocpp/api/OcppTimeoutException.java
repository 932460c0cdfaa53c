package io.galvani.ocpp.api;

/** No CALLRESULT or CALLERROR arrived within MessageTimeout. */
public class OcppTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    public OcppTimeoutException(String message) {
        super(message);
    }
}
