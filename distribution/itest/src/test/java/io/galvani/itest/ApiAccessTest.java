package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Replies;

/**
 * The station's HTTP server bound off loopback ({@code STATION_API_HOST=0.0.0.0}, reached here through 127.0.0.1):
 * nothing without the password ({@code STATION_API_PASSWORD}); logins are MaintenanceLoginFailed / Accepted
 * security events, in the security log, in {@code GET /api/v1/security-events} and sent to the CSMS (A04, both are
 * critical); the password is kept only as a hash and still needed after a restart without the variable.
 */
class ApiAccessTest extends StationTestBase {
    private static final String PASSWORD = "itest-api-password-42";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void A04_offLoopback_thePasswordIsRequired_andLoginsAreSecurityEvents() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().env("STATION_API_HOST", "0.0.0.0").env("STATION_API_PASSWORD", PASSWORD).start();
        awaitCall(0, "StatusNotification");
        int since = csms.mark();

        HttpResponse<String> anonymous = get("/api/v1/status", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Basic realm=\"Galvani\""));
        assertThat(get("/console", null).headers().firstValue("Location")).hasValue("/login?next=%2Fconsole");

        assertThat(get("/api/v1/status", basic("wrong-password-1")).statusCode()).isEqualTo(401);
        HttpResponse<String> status = get("/api/v1/status", basic(PASSWORD));
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).path("stationId").asText()).isEqualTo(station.id());

        JsonNode events = JSON.readTree(get("/api/v1/security-events?max=20", basic(PASSWORD)).body()).path("events");
        assertThat(events.findValuesAsText("type")).containsSubsequence("MaintenanceLoginFailed",
                "MaintenanceLoginAccepted");
        assertThat(events.findValuesAsText("techInfo")).contains("address=127.0.0.1 method=basic");

        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(dataDir.resolve("logs/security.log")))
                .contains(" MaintenanceLoginFailed address=127.0.0.1 method=basic #")
                .contains(" MaintenanceLoginAccepted address=127.0.0.1 method=basic #"));
        Frame failed = csms.awaitFrame(since, f -> f.isCall() && "SecurityEventNotification".equals(f.action())
                && f.payload().path("type").asText().equals("MaintenanceLoginFailed"), WAIT);
        assertThat(failed.payload().path("techInfo").asText()).isEqualTo("address=127.0.0.1 method=basic");
        csms.awaitFrame(since, f -> f.isCall() && "SecurityEventNotification".equals(f.action())
                && f.payload().path("type").asText().equals("MaintenanceLoginAccepted"), WAIT);

        assertThat(filesContaining(dataDir, PASSWORD)).as("the clear password is stored nowhere").isEmpty();
    }

    @Test
    void aRestartWithoutTheVariable_stillNeedsTheSamePassword_andAFormLoginWorks() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().env("STATION_API_HOST", "0.0.0.0").env("STATION_API_PASSWORD", PASSWORD).start();
        awaitCall(0, "StatusNotification");
        station.close();

        station = station().env("STATION_API_HOST", "0.0.0.0").start();
        await().atMost(WAIT).until(() -> answers(station.apiPort()));
        assertThat(get("/api/v1/status", null).statusCode()).isEqualTo(401);

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("password=" + PASSWORD + "&next=%2Fapi%2Fv1%2Fstatus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/api/v1/status");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(uri("/api/v1/status")).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + station.apiPort() + path);
    }

    private boolean answers(int port) {
        try {
            return get("/api/v1/status", null).statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("operator:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Files of the data dir (bundle cache, Config Admin, logs) whose bytes contain {@code secret}. */
    private static List<Path> filesContaining(Path dir, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] data = Files.readAllBytes(file);
            outer: for (int i = 0; i + needle.length <= data.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
