package io.galvani.localapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.security.api.SecurityEventType;

/**
 * Access control of the whole server (API, console, display page, every context) when it is bound off loopback:
 * a request passes with a live session cookie (form login at {@value #LOGIN}) or HTTP Basic with the password;
 * otherwise an API call (or any non-GET) gets 401 JSON with {@code WWW-Authenticate: Basic realm="Galvani"} and
 * a page request a redirect to the login page, which brings the browser back afterwards (same-origin paths
 * only). Logins are MaintenanceLoginAccepted / MaintenanceLoginFailed security events; {@link LoginThrottle}
 * answers 429 to an address that keeps failing and bounds the failure events.
 */
final class AccessGuard extends Handler.Wrapper {
    static final String LOGIN = "/login";
    static final String LOGOUT = "/logout";
    static final String REALM = "Galvani";
    static final int MAX_FORM_BYTES = 4096;
    private static final long CHECK_WAIT_SECONDS = 5;
    private static final Logger logger = LoggerFactory.getLogger(AccessGuard.class);

    /** Where the security events go ({@code SecurityEvents.report}, when that service runs). */
    interface Events {
        void report(String type, String techInfo);
    }

    private enum Verdict { ACCEPTED, WRONG, BLOCKED, BUSY }

    private record Outcome(Verdict verdict, long retryAfterSeconds) {
    }

    private final PasswordHash password;
    private final LoginSessions sessions;
    private final VerifiedBasic verifiedBasic;
    private final LoginThrottle throttle;
    private final Events events;
    private final String stationId;
    /** One PBKDF2 derivation at a time: a burst of logins must not take both cores. */
    private final Semaphore deriving = new Semaphore(1);

    AccessGuard(Handler next, PasswordHash password, long idleNanos, LongSupplier nanoTime, Events events,
            String stationId) {
        super(next);
        this.password = password;
        this.sessions = new LoginSessions(nanoTime, idleNanos);
        this.verifiedBasic = new VerifiedBasic(nanoTime, idleNanos);
        this.throttle = new LoginThrottle(nanoTime);
        this.events = events;
        this.stationId = stationId;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getCanonicalPath();
        path = path == null ? "" : path;
        if (LOGIN.equals(path)) {
            return login(request, response, callback);
        }
        if (LOGOUT.equals(path)) {
            return logout(request, response, callback);
        }
        String token = sessionCookie(request);
        if (token != null && sessions.touch(token)) {
            return super.handle(request, response, callback);
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null) {
            return basic(request, response, callback, authorization);
        }
        if (isPage(request, path)) {
            String back = request.getHttpURI().getPathQuery();
            redirect(response, callback, LOGIN + "?next=" + URLEncoder.encode(back == null ? "/" : back,
                    StandardCharsets.UTF_8));
        } else {
            unauthorized(response, callback, "authentication required: log in at " + LOGIN
                    + " or use HTTP Basic with the station's API password (curl -u operator:<password>)");
        }
        return true;
    }

    // ---- HTTP Basic ----

    private boolean basic(Request request, Response response, Callback callback, String authorization)
            throws Exception {
        String address = Request.getRemoteAddr(request);
        String presented = basicPassword(authorization);
        if (presented == null) {
            unauthorized(response, callback, "the Authorization header is not HTTP Basic credentials");
            return true;
        }
        if (verifiedBasic.known(address, authorization)) {
            return super.handle(request, response, callback);
        }
        Outcome outcome = check(address, "basic", presented);
        switch (outcome.verdict()) {
            case ACCEPTED -> {
                verifiedBasic.remember(address, authorization);
                return super.handle(request, response, callback);
            }
            case WRONG -> unauthorized(response, callback, "wrong password");
            case BLOCKED -> tooMany(response, callback, outcome.retryAfterSeconds(), null);
            case BUSY -> busy(response, callback, null);
        }
        return true;
    }

    /** The password of {@code Basic base64(user:password)}; the user name is not checked. Null if malformed. */
    static String basicPassword(String authorization) {
        String h = authorization.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- /login and /logout ----

    private boolean login(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            String next = safeNext(Request.extractQueryParameters(request).getValue("next"));
            String token = sessionCookie(request);
            if (token != null && sessions.touch(token)) {
                redirect(response, callback, next);
            } else {
                page(response, callback, 200, next, null);
            }
            return true;
        }
        if (!method.equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
            page(response, callback, 405, "/", "Method " + method + " is not allowed here.");
            return true;
        }
        Map<String, String> form;
        try {
            form = readForm(request);
        } catch (ApiException e) {
            page(response, callback, e.status(), "/", e.getMessage());
            return true;
        }
        String next = safeNext(form.get("next"));
        String presented = form.get("password");
        if (presented == null || presented.isEmpty()) {
            page(response, callback, 400, next, "Enter the password.");
            return true;
        }
        Outcome outcome = check(Request.getRemoteAddr(request), "form", presented);
        switch (outcome.verdict()) {
            case ACCEPTED -> {
                response.getHeaders().add(HttpHeader.SET_COOKIE, LoginSessions.COOKIE + "=" + sessions.open()
                        + "; Path=/; HttpOnly; SameSite=Strict");
                redirect(response, callback, next);
            }
            case WRONG -> page(response, callback, 401, next, "Wrong password.");
            case BLOCKED -> tooMany(response, callback, outcome.retryAfterSeconds(), next);
            case BUSY -> busy(response, callback, next);
        }
        return true;
    }

    private boolean logout(Request request, Response response, Callback callback) {
        String token = sessionCookie(request);
        if (token != null) {
            sessions.close(token);
        }
        response.getHeaders().add(HttpHeader.SET_COOKIE, LoginSessions.COOKIE
                + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        redirect(response, callback, LOGIN);
        return true;
    }

    /**
     * Where to go after the login: a path of this server only ({@code /console?tab=x}), never another origin
     * ({@code //evil.example}, {@code /\evil.example}, {@code https://…}), never the login page itself.
     */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > 1024 || next.charAt(0) != '/' || next.startsWith("//")
                || next.indexOf('\\') >= 0 || next.startsWith(LOGIN) || next.startsWith(LOGOUT)) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return "/";
            }
        }
        return next;
    }

    // ---- the password check ----

    private Outcome check(String address, String method, String presented) {
        String who = "address=" + address + " method=" + method;
        long blocked = throttle.blockedSeconds(address);
        if (blocked > 0) {
            reportFailure(who + " refused: blocked for " + blocked + " s after repeated failures");
            return new Outcome(Verdict.BLOCKED, blocked);
        }
        boolean matches;
        try {
            if (!deriving.tryAcquire(CHECK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return new Outcome(Verdict.BUSY, 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Verdict.BUSY, 1);
        }
        try {
            matches = password.matches(presented);
        } finally {
            deriving.release();
        }
        if (matches) {
            throttle.succeeded(address);
            logger.info("Maintenance login accepted: {}", who);
            events.report(SecurityEventType.MAINTENANCE_LOGIN_ACCEPTED, who);
            return new Outcome(Verdict.ACCEPTED, 0);
        }
        long nowBlocked = throttle.failed(address);
        reportFailure(nowBlocked > 0 ? who + "; blocked for " + nowBlocked + " s" : who);
        return new Outcome(Verdict.WRONG, 0);
    }

    private void reportFailure(String techInfo) {
        String info = throttle.failureEvent(techInfo);
        if (info != null) {
            logger.warn("Maintenance login failed: {}", info);
            events.report(SecurityEventType.MAINTENANCE_LOGIN_FAILED, info);
        }
    }

    // ---- requests ----

    private static boolean isPage(Request request, String path) {
        String method = request.getMethod();
        return (method.equals("GET") || method.equals("HEAD")) && !path.equals(WebContexts.API_PATH)
                && !path.startsWith(WebContexts.API_PATH + "/");
    }

    private static String sessionCookie(Request request) {
        for (String header : request.getHeaders().getValuesList(HttpHeader.COOKIE)) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                if (p.startsWith(LoginSessions.COOKIE + "=")) {
                    String value = p.substring(LoginSessions.COOKIE.length() + 1);
                    if (LoginSessions.isToken(value)) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static Map<String, String> readForm(Request request) {
        byte[] bytes;
        try (InputStream in = Request.asInputStream(request)) {
            bytes = in.readNBytes(MAX_FORM_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("The form could not be read.");
        }
        if (bytes.length > MAX_FORM_BYTES) {
            throw new ApiException(413, "The form is larger than " + MAX_FORM_BYTES + " bytes.");
        }
        Map<String, String> fields = new HashMap<>();
        try {
            for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The form is not URL-encoded.");
        }
        return fields;
    }

    // ---- answers ----

    private void page(Response response, Callback callback, int status, String next, String message) {
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

    private static void unauthorized(Response response, Callback callback, String message) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        json(response, callback, 401, message);
    }

    /** As the login page (keeping where to go afterwards) if {@code next} is given, else as JSON. */
    private void tooMany(Response response, Callback callback, long seconds, String next) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
        String message = "Too many failed logins from this address: try again in " + seconds + " s.";
        if (next != null) {
            page(response, callback, 429, next, message);
        } else {
            json(response, callback, 429, message);
        }
    }

    private void busy(Response response, Callback callback, String next) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
        String message = "The station is busy checking other logins: try again in a moment.";
        if (next != null) {
            page(response, callback, 503, next, message);
        } else {
            json(response, callback, 503, message);
        }
    }

    private static void json(Response response, Callback callback, int status, String message) {
        byte[] body = ApiHandler.errorBody(message);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiHandler.JSON_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void redirect(Response response, Callback callback, String location) {
        response.setStatus(303);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }
}
