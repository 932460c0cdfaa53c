package io.galvani.outbox.api;

/** The commit does not fit in the bounded store, even after thinning droppable messages. */
public class OutboxFullException extends OutboxStorageException {
    private static final long serialVersionUID = 1L;

    public OutboxFullException(String message) {
        super(message, null);
    }
}
