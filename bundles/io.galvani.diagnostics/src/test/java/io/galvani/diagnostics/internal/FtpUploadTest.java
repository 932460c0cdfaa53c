package io.galvani.diagnostics.internal;

import static io.galvani.diagnostics.internal.LogFiles.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.filetransfer.testing.LoopbackFtpServers;
import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.model.messages.GetLogRequest;
import io.galvani.ocpp.model.messages.GetLogResponse;
import io.galvani.ocpp.model.types.LogEnumType;
import io.galvani.ocpp.model.types.LogParametersType;
import io.galvani.ocpp.model.types.LogStatusEnumType;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/** GetLog over a real embedded FTP and explicit-FTPS server (Apache FtpServer) on loopback. */
class FtpUploadTest {
    static final Instant NOW = Instant.parse("2030-05-01T12:34:56Z");
    static final String USER = "cs001";
    static final String SECRET = "Ftp:S3cret@1";
    static final String SECRET_IN_URL = "Ftp%3AS3cret%401";

    @TempDir
    static Path serverDir;
    static TestTls tls;
    static LoopbackFtpServers servers;
    static int ftpPort;
    static int ftpsPort;

    @TempDir
    Path data;

    final RecordingLink link = new RecordingLink();
    final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    volatile Settings settings = Settings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))
            .withRetryDefaults(0, 0);
    LogUploads uploads;

    @BeforeAll
    static void servers() throws Exception {
        tls = TestTls.generate(serverDir);
        Path home = serverDir.resolve("home");
        Files.createDirectories(home.resolve("logs"));
        servers = LoopbackFtpServers.start(serverDir, home, USER, SECRET, tls.serverStore, TestTls.STORE_PASSWORD);
        ftpPort = servers.ftpPort();
        ftpsPort = servers.ftpsPort();
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Path logs = data.resolve("logs");
        LogFiles.write(logs.resolve("security.log"), NOW.minusSeconds(60),
                line(NOW.minusSeconds(120), "SettingSystemTime 2030-05-01T12:32:56Z"),
                line(NOW.minusSeconds(90), "InvalidCsmsCertificate"));
        uploads = new LogUploads(link, executor, () -> settings, logs, data.resolve("diagnostics"), "CS001",
                Clock.fixed(NOW, ZoneOffset.UTC), LogUploads.defaultUploaders(), Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() throws Exception {
        uploads.close();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private GetLogResponse getLog(int requestId, String location) {
        TestCall call = new TestCall("GetLog");
        GetLogResponse response = uploads.request(GetLogRequest.of(LogEnumType.SecurityLog, requestId,
                LogParametersType.of(location)), call);
        assertThat(response.status()).isEqualTo(LogStatusEnumType.Accepted);
        call.responded();
        return response;
    }

    private static Path stored(String filename) {
        return serverDir.resolve("home/logs").resolve(filename);
    }

    @Test
    void N01_ftpPassiveBinaryUploadIntoTheGivenDirectory() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            GetLogResponse response = getLog(1,
                    "ftp://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + ftpPort + "/logs");
            assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#1", "Uploaded#1");
            assertThat(LogFiles.unzip(Files.readAllBytes(stored(response.filename()))).get("security.log"))
                    .contains("SettingSystemTime", "InvalidCsmsCertificate");
            assertThat(logs.text()).noneMatch(l -> l.contains(SECRET) || l.contains(SECRET_IN_URL));
        }
    }

    @Test
    void N01_ftpWrongPasswordIsPermissionDeniedAndNotLogged() {
        try (LogCapture logs = new LogCapture()) {
            getLog(2, "ftp://" + USER + ":wrong-" + SECRET_IN_URL + "@127.0.0.1:" + ftpPort + "/logs");
            assertThat(link.awaitStatus(UploadLogStatusEnumType.PermissionDenied)).containsExactly("Uploading#2",
                    "PermissionDenied#2");
            assertThat(logs.text()).anyMatch(l -> l.contains("530")).noneMatch(l -> l.contains("wrong-"));
        }
    }

    @Test
    void N01_ftpMissingDirectoryIsUploadFailureAfterRetries() {
        TestCall call = new TestCall("GetLog");
        uploads.request(GetLogRequest.of(LogEnumType.SecurityLog, 3, LogParametersType.of(
                "ftp://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + ftpPort + "/no/such/dir")).withRetries(1)
                .withRetryInterval(0), call);
        call.responded();
        assertThat(link.awaitStatus(UploadLogStatusEnumType.UploadFailure)).containsExactly("Uploading#3",
                "UploadFailure#3");
    }

    @Test
    void N01_FR15_ftpsExplicitTlsUploadToATrustedServer() throws Exception {
        settings = tls.trusting(settings);
        GetLogResponse response = getLog(4, "ftps://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + ftpsPort + "/logs");
        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#4", "Uploaded#4");
        assertThat(LogFiles.unzip(Files.readAllBytes(stored(response.filename()))).get("security.log"))
                .contains("InvalidCsmsCertificate");
    }

    @Test
    void N01_FR15_ftpsRefusesAnUntrustedServer() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            GetLogResponse response = getLog(5,
                    "ftps://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + ftpsPort + "/logs");
            assertThat(link.awaitStatus(UploadLogStatusEnumType.UploadFailure)).containsExactly("Uploading#5",
                    "UploadFailure#5");
            assertThat(stored(response.filename())).doesNotExist();
            assertThat(logs.text()).anyMatch(l -> l.contains("TLS failed"));
        }
    }
}
