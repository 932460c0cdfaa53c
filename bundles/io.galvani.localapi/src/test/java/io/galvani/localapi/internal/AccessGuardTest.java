package io.galvani.localapi.internal;

import static io.galvani.localapi.internal.Fakes.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.localapi.api.WebContent;
import io.galvani.localapi.internal.Fakes.FakeStation;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.SecurityEvents;

/**
 * The server bound off loopback (0.0.0.0, reached through 127.0.0.1 over real HTTP): every context needs the
 * password, by form login and session cookie or by HTTP Basic; logins are MaintenanceLogin* security events;
 * brute force is answered 429. Time is a fake nanoTime, so idle expiry and back-off need no sleeping.
 */
class AccessGuardTest {
    private static final String PASSWORD = "correct-horse-42";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RecordingEvents events = new RecordingEvents();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
    private LocalApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
    }

    // ---- unauthenticated ----

    @Test
    void withoutCredentials_apiIs401Json_pagesRedirectToLogin_everyContextIncluded() throws Exception {
        givenServer();

        HttpResponse<String> api401 = send(get("/api/v1/status"));
        assertThat(api401.statusCode()).isEqualTo(401);
        assertThat(api401.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Galvani\", charset=\"UTF-8\"");
        assertThat(api401.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(api401.body()).path("error").asText()).contains("/login").contains("curl -u");

        HttpResponse<String> page = send(get("/console?tab=events"));
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?next="
                + URLEncoder.encode("/console?tab=events", StandardCharsets.UTF_8));
        assertThat(send(get("/")).statusCode()).as("the display page too").isEqualTo(303);
        assertThat(send(post("/console/action", "")).statusCode()).as("no redirect for a POST").isEqualTo(401);
        assertThat(send(post("/api/v1/evses/1/plug", "")).statusCode()).isEqualTo(401);
        assertThat(events.types()).as("no credentials is no login attempt").isEmpty();
    }

    // ---- form login, session cookie, logout ----

    @Test
    void loginPage_isServedFromTheBundle_withoutAnythingFromElsewhere() throws Exception {
        givenServer();

        HttpResponse<String> page = send(get("/login?next=%2Fconsole"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<form method=\"post\" action=\"/login\">")
                .contains("name=\"next\" value=\"/console\"").contains("CS-TEST-1").doesNotContain("http://", "https://",
                        "<script");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'"));
    }

    @Test
    void formLogin_setsAStrictHttpOnlyCookie_andReturnsWhereTheBrowserCameFrom() throws Exception {
        givenServer();

        HttpResponse<String> login = send(form("password=" + PASSWORD + "&next=%2Fconsole%3Ftab%3Devents"));

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/console?tab=events");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("galvani_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send(get("/api/v1/status", "Cookie", cookie)).statusCode()).isEqualTo(200);
        assertThat(send(get("/console?tab=events", "Cookie", cookie)).body()).isEqualTo("console /console");
        assertThat(send(get("/login", "Cookie", cookie)).headers().firstValue("Location")).as("logged in already")
                .hasValue("/");
        assertThat(events.reported).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(SecurityEventType.MAINTENANCE_LOGIN_ACCEPTED);
            assertThat(e.techInfo()).isEqualTo("address=127.0.0.1 method=form");
        });
    }

    @Test
    void formLogin_wrongOrMissingPassword_isAnsweredOnThePage_andTheFailureIsAnEventWithoutThePassword()
            throws Exception {
        givenServer();

        HttpResponse<String> wrong = send(form("password=guess-number-1&next=%2Fconsole"));
        HttpResponse<String> empty = send(form("next=%2Fconsole"));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong password.").contains("value=\"/console\"");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Enter the password.");
        assertThat(events.reported).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(SecurityEventType.MAINTENANCE_LOGIN_FAILED);
            assertThat(e.techInfo()).isEqualTo("address=127.0.0.1 method=form").doesNotContain("guess");
        });
    }

    @Test
    void aSessionEndsAfterItsIdleTime_butEachRequestStartsItAgain() throws Exception {
        givenServer();
        String cookie = loginCookie();

        advance(Duration.ofMinutes(14));
        assertThat(send(get("/api/v1/status", "Cookie", cookie)).statusCode()).isEqualTo(200);
        advance(Duration.ofMinutes(14));
        assertThat(send(get("/api/v1/status", "Cookie", cookie)).statusCode()).as("14 min after the last use")
                .isEqualTo(200);
        advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(send(get("/api/v1/status", "Cookie", cookie)).statusCode()).isEqualTo(401);
        assertThat(send(get("/console", "Cookie", cookie)).statusCode()).isEqualTo(303);
    }

    @Test
    void logout_endsTheSession_andClearsTheCookie() throws Exception {
        givenServer();
        String cookie = loginCookie();

        HttpResponse<String> logout = send(post("/logout", "", "Cookie", cookie));

        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Location")).hasValue("/login");
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValue(
                "galvani_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        assertThat(send(get("/api/v1/status", "Cookie", cookie)).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/v1/status", "Cookie", "galvani_session=forged")).statusCode()).isEqualTo(401);
    }

    @Test
    void afterLogin_onlyPathsOfThisServer_neverAnotherOrigin() throws Exception {
        givenServer();
        for (String next : List.of("//evil.example/x", "/\\evil.example", "https://evil.example/", "evil",
                "/%0d%0aSet-Cookie:x", "/login", "/logout", "/ok\r\nX: y")) {
            HttpResponse<String> login = send(form("password=" + PASSWORD + "&next="
                    + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            assertThat(login.headers().firstValue("Location")).as(next).hasValueSatisfying(
                    l -> assertThat(l).isIn("/", "/%0d%0aSet-Cookie:x"));
        }
        assertThat(AccessGuard.safeNext("/console/app?x=1#top")).isEqualTo("/console/app?x=1#top");
        assertThat(AccessGuard.safeNext("/\t/evil.example")).isEqualTo("/");
        assertThat(AccessGuard.safeNext(null)).isEqualTo("/");
    }

    // ---- HTTP Basic ----

    @Test
    void basic_anyUserName_theRightPassword_isOneAcceptedEventPerClient() throws Exception {
        givenServer();

        HttpResponse<String> first = send(get("/api/v1/status", "Authorization", basic("operator", PASSWORD)));
        HttpResponse<String> second = send(get("/api/v1/status", "Authorization", basic("operator", PASSWORD)));
        HttpResponse<String> otherUser = send(get("/console", "Authorization", basic("script", PASSWORD)));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("stationId").asText()).isEqualTo("CS-TEST-1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(otherUser.body()).isEqualTo("console /console");
        assertThat(events.types()).as("the first success of a client, and its new credentials")
                .containsExactly("MaintenanceLoginAccepted", "MaintenanceLoginAccepted");
        assertThat(events.reported.get(0).techInfo()).isEqualTo("address=127.0.0.1 method=basic");
    }

    @Test
    void basic_wrongOrMalformed_is401() throws Exception {
        givenServer();

        HttpResponse<String> wrong = send(get("/api/v1/status", "Authorization", basic("operator", "nope-nope-nope")));
        HttpResponse<String> bearer = send(get("/api/v1/status", "Authorization", "Bearer abc"));
        HttpResponse<String> garbage = send(get("/api/v1/status", "Authorization", "Basic %%%"));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("wrong password");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(events.types()).containsExactly("MaintenanceLoginFailed");
    }

    // ---- brute force ----

    @Test
    void fiveFailuresInAMinute_block429_withoutCheckingThePassword_doublingUpToTheCap() throws Exception {
        givenServer();

        for (int i = 0; i < 5; i++) {
            assertThat(send(get("/api/v1/status", "Authorization", basic("x", "wrong-" + i))).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> blocked = send(get("/api/v1/status", "Authorization", basic("x", PASSWORD)));
        assertThat(blocked.statusCode()).as("even the right password: not checked while blocked").isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(send(form("password=" + PASSWORD)).statusCode()).as("the form too").isEqualTo(429);

        advance(Duration.ofSeconds(31));
        for (int i = 0; i < 5; i++) {
            send(get("/api/v1/status", "Authorization", basic("x", "wrong-again-" + i)));
        }
        assertThat(send(get("/api/v1/status", "Authorization", basic("x", PASSWORD))).headers()
                .firstValue("Retry-After")).as("second block: twice as long").hasValue("60");
        for (int block = 0; block < 8; block++) {
            advance(Duration.ofMinutes(16));
            for (int i = 0; i < 5; i++) {
                send(get("/api/v1/status", "Authorization", basic("x", "more-" + block + "-" + i)));
            }
        }
        assertThat(send(get("/api/v1/status", "Authorization", basic("x", PASSWORD))).headers()
                .firstValue("Retry-After")).as("capped").hasValue("900");

        advance(Duration.ofSeconds(901));
        assertThat(send(get("/api/v1/status", "Authorization", basic("x", PASSWORD))).statusCode()).isEqualTo(200);
    }

    @Test
    void aFloodOfFailures_isAtMostTenEventsAMinute_theRestCountedIntoTheNextOne() throws Exception {
        givenServer();

        for (int i = 0; i < 40; i++) {
            send(get("/api/v1/status", "Authorization", basic("x", "flood-" + i)));
        }
        assertThat(events.types()).hasSize(LoginThrottle.FAILURE_EVENTS_PER_MINUTE)
                .containsOnly("MaintenanceLoginFailed");
        assertThat(events.reported.get(4).techInfo()).endsWith("; blocked for 30 s");
        assertThat(events.reported.get(5).techInfo()).contains("refused: blocked for 30 s");

        advance(Duration.ofSeconds(61));
        send(get("/api/v1/status", "Authorization", basic("x", "after-a-minute")));
        assertThat(events.reported).last().extracting(SecurityEvent::techInfo).asString()
                .contains("30 more failed logins not reported (at most 10 per minute)");
    }

    // ---- all contexts, start-up ----

    @Test
    void theSecurityEventsEndpoint_answersAfterLogin_withTheNewestEvents() throws Exception {
        givenServer();
        String cookie = loginCookie();

        JsonNode answer = JSON.readTree(send(get("/api/v1/security-events?max=5", "Cookie", cookie)).body());

        assertThat(answer.path("events")).singleElement().satisfies(e -> {
            assertThat(e.path("type").asText()).isEqualTo("MaintenanceLoginAccepted");
            assertThat(e.path("techInfo").asText()).isEqualTo("address=127.0.0.1 method=form");
            assertThat(e.path("critical").asBoolean()).isTrue();
            assertThat(Instant.parse(e.path("at").asText())).isNotNull();
        });
        assertThat(send(get("/api/v1/security-events?max=0", "Cookie", cookie)).statusCode()).isEqualTo(400);
        assertThat(send(get("/api/v1/security-events?max=many", "Cookie", cookie)).body())
                .contains("query parameter max must be an integer from 1 to 1000");
        api.unbindSecurityEvents(events);
        assertThat(send(get("/api/v1/security-events", "Cookie", cookie)).statusCode()).isEqualTo(503);
    }

    @Test
    void offLoopback_withoutAStoredPassword_theServerRefusesToStart_namingTheVariable() throws Exception {
        api = new LocalApi(config("0.0.0.0", 0), new FakeStation().connector(1, 1, "cCCS2"), "CS-TEST-1", null,
                dataDir, nanos::get);

        assertThatThrownBy(api::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STATION_API_PASSWORD").hasMessageContaining("0.0.0.0 (not loopback)");
        assertThatThrownBy(api::port).as("nothing listening").isInstanceOf(IllegalStateException.class);

        Files.createDirectories(dataDir.resolve("localapi"));
        Files.writeString(dataDir.resolve(PasswordHash.FILE), "plain-text-password\n");
        assertThatThrownBy(api::start).hasMessageContaining("is not a password hash");
        api = null;
    }

    @Test
    void onLoopback_nothingChanges_noPasswordAsked() throws Exception {
        api = new LocalApi(config(0), new FakeStation().connector(1, 1, "cCCS2"), "CS-TEST-1", null, dataDir,
                nanos::get);
        api.start();

        assertThat(send(get("/api/v1/status")).statusCode()).isEqualTo(200);
    }

    @Test
    void stoppingLeavesNoApiThread() throws Exception {
        givenServer();
        loginCookie();
        api.stop();
        api = null;

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("galvani-api"));
    }

    // ---- helpers ----

    private void givenServer() throws Exception {
        writeHash(dataDir, PASSWORD);
        api = new LocalApi(config("0.0.0.0", 0), new FakeStation().connector(1, 1, "cCCS2"), "CS-TEST-1", null,
                dataDir, nanos::get);
        api.bindSecurityEvents(events);
        api.bindWebContent(text("console"), Map.of(WebContent.PATH, "/console"));
        api.bindWebContent(text("display"), Map.of(WebContent.PATH, "/"));
        api.start();
        try (Socket probe = new Socket("127.0.0.1", api.port())) {
            assertThat(api.address().getAddress().isAnyLocalAddress()).as("bound to every interface").isTrue();
        }
    }

    /** The launcher's format; few iterations so that the tests are fast (the file says how many). */
    static void writeHash(Path dataDir, String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 1000, 256)).getEncoded();
        Files.createDirectories(dataDir.resolve("localapi"));
        Files.writeString(dataDir.resolve(PasswordHash.FILE), "pbkdf2-sha256:1000:"
                + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(hash) + "\n");
    }

    private String loginCookie() throws Exception {
        HttpResponse<String> login = send(form("password=" + PASSWORD));
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    private HttpRequest post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    private HttpRequest form(String body) {
        return post("/login", body, "Content-Type", "application/x-www-form-urlencoded");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Handler text(String name) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, name + " " + request.getHttpURI().getPath(), callback);
                return true;
            }
        };
    }

    /** Records reports; recent() answers from them, as the security events bundle does from its log. */
    static final class RecordingEvents implements SecurityEvents {
        final List<SecurityEvent> reported = new CopyOnWriteArrayList<>();

        @Override
        public void report(String type, String techInfo) {
            reported.add(new SecurityEvent(Instant.now(), type, techInfo, SecurityEventType.isCritical(type)));
        }

        @Override
        public List<SecurityEvent> recent(int max) {
            List<SecurityEvent> all = new ArrayList<>(reported);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }

        List<String> types() {
            return reported.stream().map(SecurityEvent::type).toList();
        }
    }

}
