package io.galvani.localapi.internal;

/** A request that cannot be served: the HTTP status and the message for {@code {"error": ...}}. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String allow;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException methodNotAllowed(String method, String path, String allow) {
        return new ApiException(405, "method " + method + " not allowed on " + path + " (allowed: " + allow + ")", allow);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    int status() {
        return status;
    }

    /** The Allow header value for a 405, else null. */
    String allow() {
        return allow;
    }
}
