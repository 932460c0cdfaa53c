package io.galvani.diagnostics.internal;

import static io.galvani.diagnostics.internal.LogFiles.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.model.messages.GetLogRequest;
import io.galvani.ocpp.model.messages.GetLogResponse;
import io.galvani.ocpp.model.types.LogEnumType;
import io.galvani.ocpp.model.types.LogParametersType;
import io.galvani.ocpp.model.types.LogStatusEnumType;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/** GetLog over real HTTP and HTTPS servers on loopback (JDK HttpServer/HttpsServer). */
class HttpUploadTest {
    static final Instant NOW = Instant.parse("2030-05-01T12:34:56Z");
    static final String SECRET = "Upl0ad-S3cret!";

    @TempDir
    static Path certs;
    static TestTls tls;
    /** Trusted, but for another host name than the one uploads go to. */
    static TestTls elsewhere;

    @TempDir
    Path data;

    final RecordingLink link = new RecordingLink();
    final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    volatile Settings settings = Settings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))
            .withRetryDefaults(0, 0);
    LogUploads uploads;
    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int answer = 200;

    record Received(String method, String path, String contentType, String authorization, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        /** The bytes of the multipart part's content. */
        byte[] part() {
            String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
            String text = bodyText();
            int start = text.indexOf("\r\n\r\n") + 4;
            int end = text.indexOf("\r\n--" + boundary + "--");
            return text.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    @BeforeAll
    static void certificates() throws Exception {
        tls = TestTls.generate(certs);
        elsewhere = TestTls.generate(certs, "elsewhere.example", "SAN=dns:elsewhere.example");
    }

    @BeforeEach
    void setUp() throws Exception {
        Path logs = data.resolve("logs");
        LogFiles.write(logs.resolve("galvani.log"), NOW.minusSeconds(60),
                line(NOW.minusSeconds(120), "EVSE 1 fault cleared: isolation monitor OK"));
        LogFiles.write(logs.resolve("ocpp-messages.log"), NOW.minusSeconds(60),
                line(NOW.minusSeconds(100), "[2,\"19\",\"Heartbeat\",{}]"));
        uploads = new LogUploads(link, executor, () -> settings, logs, data.resolve("diagnostics"), "CS001",
                Clock.fixed(NOW, ZoneOffset.UTC), LogUploads.defaultUploaders(), Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() throws Exception {
        uploads.close();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) {
            server.stop(0);
        }
    }

    private void startServer(boolean https) throws Exception {
        startServer(https, tls);
    }

    private void startServer(boolean https, TestTls certificate) throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (https) {
            HttpsServer s = HttpsServer.create(address, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            server = s;
        } else {
            server = HttpServer.create(address, 0);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws java.io.IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
    }

    private String url(String scheme, String userInfo, String path) {
        return scheme + "://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + server.getAddress().getPort()
                + path;
    }

    private GetLogResponse getLog(int requestId, String location) {
        TestCall call = new TestCall("GetLog");
        GetLogResponse response = uploads.request(GetLogRequest.of(LogEnumType.DiagnosticsLog, requestId,
                LogParametersType.of(location)), call);
        call.responded();
        return response;
    }

    @Test
    void N01_FR19_httpPostMultipartWithFilenameAndTheRealLogLines() throws Exception {
        startServer(false);
        GetLogResponse response = getLog(1, url("http", null, "/upload/cs001?token=abc"));
        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#1", "Uploaded#1");

        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/upload/cs001?token=abc");
        assertThat(r.contentType()).startsWith("multipart/form-data; boundary=");
        assertThat(r.authorization()).isNull();
        assertThat(r.bodyText()).contains("Content-Disposition: form-data; name=\"uploadfile\"; filename=\""
                + response.filename() + "\"", "Content-Type: application/octet-stream");
        Map<String, String> zip = LogFiles.unzip(r.part());
        assertThat(zip.get("galvani.log")).contains("EVSE 1 fault cleared: isolation monitor OK");
        assertThat(zip.get("ocpp-messages.log")).contains("Heartbeat");
    }

    @Test
    void N01_FR17_credentialsInTheUrlBecomeBasicAuthAndAreNeverLogged() throws Exception {
        startServer(false);
        try (LogCapture logs = new LogCapture()) {
            GetLogResponse response = getLog(2, url("http", "station:" + SECRET, "/up"));
            link.awaitStatus(UploadLogStatusEnumType.Uploaded);
            assertThat(received.get(0).authorization()).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString(("station:" + SECRET).getBytes(StandardCharsets.UTF_8)));

            answer = 401;
            GetLogResponse denied = getLog(3, url("http", "station:" + SECRET, "/up"));
            link.awaitStatus(UploadLogStatusEnumType.PermissionDenied);

            assertThat(logs.text()).isNotEmpty().noneMatch(l -> l.contains(SECRET)).anyMatch(l -> l.contains("***@"));
            assertThat(String.valueOf(response) + denied).doesNotContain(SECRET);
        }
    }

    @Test
    void N01_forbiddenIsPermissionDenied() throws Exception {
        startServer(false);
        answer = 403;
        getLog(4, url("http", null, "/up"));
        assertThat(link.awaitStatus(UploadLogStatusEnumType.PermissionDenied)).containsExactly("Uploading#4",
                "PermissionDenied#4");
    }

    @Test
    void N01_missingPathIsUploadFailure() throws Exception {
        startServer(false);
        answer = 404;
        getLog(5, url("http", null, "/does/not/exist"));
        assertThat(link.awaitStatus(UploadLogStatusEnumType.UploadFailure)).containsExactly("Uploading#5",
                "UploadFailure#5");
    }

    @Test
    void N01_FR10_serverDownIsRetriedThenUploadFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        TestCall call = new TestCall("GetLog");
        uploads.request(GetLogRequest.of(LogEnumType.DiagnosticsLog, 6,
                LogParametersType.of("http://127.0.0.1:" + port + "/up")).withRetries(2).withRetryInterval(1), call);
        call.responded();
        long start = System.nanoTime();
        assertThat(link.awaitStatus(UploadLogStatusEnumType.UploadFailure)).containsExactly("Uploading#6",
                "UploadFailure#6");
        // Three attempts with retryInterval 1 s between them.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void N01_FR15_httpsRejectsAnUntrustedServerCertificate() throws Exception {
        startServer(true);
        getLog(7, url("https", null, "/up"));
        assertThat(link.awaitStatus(UploadLogStatusEnumType.UploadFailure)).containsExactly("Uploading#7",
                "UploadFailure#7");
        assertThat(received).isEmpty();
    }

    @Test
    void N01_FR15_httpsUploadsToAServerTrustedThroughTheConfiguredTrustStore() throws Exception {
        startServer(true);
        settings = tls.trusting(settings);
        getLog(8, url("https", "u:" + SECRET, "/up"));
        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#8", "Uploaded#8");
        assertThat(LogFiles.unzip(received.get(0).part()).get("galvani.log")).contains("isolation monitor OK");
    }

    @Test
    void N01_httpsChecksTheHostName() throws Exception {
        // A trusted certificate, but for another host than the one in the URL.
        startServer(true, elsewhere);
        settings = elsewhere.trusting(settings);
        try (LogCapture logs = new LogCapture()) {
            getLog(9, url("https", null, "/up"));
            assertThat(link.awaitStatus(UploadLogStatusEnumType.UploadFailure)).containsExactly("Uploading#9",
                    "UploadFailure#9");
            assertThat(logs.text()).anyMatch(l -> l.contains("TLS handshake failed") && l.contains("subject alternative names"));
        }
        assertThat(received).isEmpty();
    }

    @Test
    void N01_FR12_cancelBreaksOffAnHttpUploadInProgress() throws Exception {
        // A server that accepts the connection but never answers.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            settings = settings.withRetryDefaults(0, 0);
            getLog(10, "http://127.0.0.1:" + silent.getLocalPort() + "/up");
            link.awaitStatus(UploadLogStatusEnumType.Uploading);
            org.awaitility.Awaitility.await().until(() -> executor.getActiveCount() == 1);
            startServer(false);
            GetLogResponse second = getLog(11, url("http", null, "/up"));
            assertThat(second.status()).isEqualTo(LogStatusEnumType.AcceptedCanceled);
            assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#10",
                    "AcceptedCanceled#10", "Uploading#11", "Uploaded#11");
        }
    }
}
