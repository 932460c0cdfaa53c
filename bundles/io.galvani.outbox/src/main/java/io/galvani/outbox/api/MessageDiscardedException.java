package io.galvani.outbox.api;

/** A queued message was given up: its attempts ran out, or it was thinned from a full store. */
public class MessageDiscardedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageDiscardedException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
