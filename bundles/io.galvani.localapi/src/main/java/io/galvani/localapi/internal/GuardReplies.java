package io.galvani.localapi.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The answers of {@link AccessGuard}: the login page, JSON errors (as the API's), redirects. */
final class GuardReplies {
    static final String REALM = "Galvani";

    private GuardReplies() {
    }

    static void page(Response response, Callback callback, int status, String stationId, String next,
            String message) {
        byte[] body = LoginPage.render(stationId, next, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void unauthorized(Response response, Callback callback, String message) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        json(response, callback, 401, message);
    }

    /** 429 or 503 with {@code Retry-After}: as the login page (keeping {@code next}) if given, else as JSON. */
    static void retryLater(Response response, Callback callback, int status, long seconds, String stationId,
            String next) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
        String message = status == 429
                ? "Too many failed logins from this address: try again in " + seconds + " s."
                : "The station is busy checking other logins: try again in a moment.";
        if (next != null) {
            page(response, callback, status, stationId, next, message);
        } else {
            json(response, callback, status, message);
        }
    }

    static void json(Response response, Callback callback, int status, String message) {
        byte[] body = ApiHandler.errorBody(message);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiHandler.JSON_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void redirect(Response response, Callback callback, String location) {
        response.setStatus(303);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }
}
