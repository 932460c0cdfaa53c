package io.galvani.firmware.internal;

/** A failed download attempt; the message says why in operator words and holds no secret. */
final class DownloadException extends Exception {
    private static final long serialVersionUID = 1L;

    DownloadException(String message) {
        super(message);
    }
}
