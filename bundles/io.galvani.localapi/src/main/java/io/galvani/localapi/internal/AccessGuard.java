package io.galvani.localapi.internal;

import static io.galvani.localapi.internal.GuardReplies.redirect;
import static io.galvani.localapi.internal.GuardReplies.unauthorized;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Access control of the whole server (API, console, display page, every context) when it is bound off loopback:
 * a request passes with a live session cookie (form login at {@value #LOGIN}) or HTTP Basic with the password;
 * otherwise an API call (or any non-GET) gets 401 JSON with {@code WWW-Authenticate: Basic realm="Galvani"} and
 * a page request a redirect to the login page, which brings the browser back afterwards (same-origin paths
 * only). The password checks, their security events and the brute-force back-off are {@link PasswordCheck}'s.
 */
final class AccessGuard extends Handler.Wrapper {
    static final String LOGIN = "/login";
    static final String LOGOUT = "/logout";
    static final int MAX_FORM_BYTES = 4096;

    private final PasswordCheck passwordCheck;
    private final LoginSessions sessions;
    private final VerifiedBasic verifiedBasic;
    private final String stationId;

    AccessGuard(Handler next, PasswordHash password, long idleNanos, LongSupplier nanoTime,
            PasswordCheck.Events events, String stationId) {
        super(next);
        this.passwordCheck = new PasswordCheck(password, nanoTime, events);
        this.sessions = new LoginSessions(nanoTime, idleNanos);
        this.verifiedBasic = new VerifiedBasic(nanoTime, idleNanos);
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
        PasswordCheck.Outcome outcome = passwordCheck.check(address, "basic", presented);
        switch (outcome.verdict()) {
            case ACCEPTED -> {
                verifiedBasic.remember(address, authorization);
                return super.handle(request, response, callback);
            }
            case WRONG -> unauthorized(response, callback, "wrong password");
            case BLOCKED -> GuardReplies.retryLater(response, callback, 429, outcome.retryAfterSeconds(), stationId,
                    null);
            case BUSY -> GuardReplies.retryLater(response, callback, 503, outcome.retryAfterSeconds(), stationId,
                    null);
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
        PasswordCheck.Outcome outcome = passwordCheck.check(Request.getRemoteAddr(request), "form", presented);
        switch (outcome.verdict()) {
            case ACCEPTED -> {
                response.getHeaders().add(HttpHeader.SET_COOKIE, LoginSessions.COOKIE + "=" + sessions.open()
                        + "; Path=/; HttpOnly; SameSite=Strict");
                redirect(response, callback, next);
            }
            case WRONG -> page(response, callback, 401, next, "Wrong password.");
            case BLOCKED -> GuardReplies.retryLater(response, callback, 429, outcome.retryAfterSeconds(), stationId,
                    next);
            case BUSY -> GuardReplies.retryLater(response, callback, 503, outcome.retryAfterSeconds(), stationId,
                    next);
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

    private void page(Response response, Callback callback, int status, String next, String message) {
        GuardReplies.page(response, callback, status, stationId, next, message);
    }
}
