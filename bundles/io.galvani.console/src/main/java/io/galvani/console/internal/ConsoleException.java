package io.galvani.console.internal;

/** A request the console answers with an error status and a precise message ({@code {"error": "…"}}). */
final class ConsoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ConsoleException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ConsoleException badRequest(String message) {
        return new ConsoleException(400, message);
    }

    static ConsoleException unavailable(String message) {
        return new ConsoleException(503, message);
    }

    int status() {
        return status;
    }
}
