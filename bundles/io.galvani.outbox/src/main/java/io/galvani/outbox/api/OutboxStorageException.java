package io.galvani.outbox.api;

/** The store could not write or read; nothing of the commit was stored. */
public class OutboxStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutboxStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
