package io.galvani.bench;

/** A measurement cannot go on; the message says why in one line (no stack trace is printed). */
public final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
