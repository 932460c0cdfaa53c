package io.galvani.outbox.internal;

import java.nio.file.Path;

import io.galvani.outbox.api.OutboxStorageException;

/** The store was written by a newer Galvani: opening it could lose or corrupt what it holds. */
final class SchemaTooNewException extends OutboxStorageException {
    private static final long serialVersionUID = 1L;

    SchemaTooNewException(Path file, int found, int supported) {
        super(file.getFileName() + " has schema version " + found + ", this Galvani supports up to " + supported
                + ": it was written by a newer Galvani; refusing to open it (" + file.toAbsolutePath()
                + "). Install that Galvani version again, or move the file away to start with an empty outbox.",
                null);
    }
}
