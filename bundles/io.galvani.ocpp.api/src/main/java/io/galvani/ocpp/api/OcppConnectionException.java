package io.galvani.ocpp.api;

/**
 * The request could not be delivered or answered because of the connection: it dropped while the
 * CALL was outstanding, the offline queue was full, or the link was shut down.
 */
public class OcppConnectionException extends Exception {
    private static final long serialVersionUID = 1L;

    public OcppConnectionException(String message) {
        super(message);
    }
}
