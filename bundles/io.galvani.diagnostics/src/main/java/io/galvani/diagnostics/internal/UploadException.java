package io.galvani.diagnostics.internal;

import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/** A failed upload attempt with the LogStatusNotification status it maps to; the message holds no secret. */
final class UploadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final UploadLogStatusEnumType status;

    UploadException(UploadLogStatusEnumType status, String message) {
        super(message);
        this.status = status;
    }

    UploadLogStatusEnumType status() {
        return status;
    }
}
