package io.galvani.diagnostics.internal;

import static io.galvani.diagnostics.internal.LogFiles.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.model.messages.GetLogRequest;
import io.galvani.ocpp.model.messages.GetLogResponse;
import io.galvani.ocpp.model.types.LogEnumType;
import io.galvani.ocpp.model.types.LogParametersType;
import io.galvani.ocpp.model.types.LogStatusEnumType;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/** N01 (GetLog) and F06 (TriggerMessage LogStatusNotification) behaviour with a scripted uploader. */
class LogUploadsTest {
    static final Instant NOW = Instant.parse("2030-05-01T12:34:56Z");

    @TempDir
    Path data;

    final RecordingLink link = new RecordingLink();
    final ScriptedUploader uploader = new ScriptedUploader();
    final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    Settings settings = Settings.defaults().withRetryDefaults(1, 0);
    Duration grace = Duration.ofSeconds(30);
    LogUploads uploads;

    @BeforeEach
    void setUp() throws Exception {
        executor.setRemoveOnCancelPolicy(true);
        Path logs = data.resolve("logs");
        LogFiles.write(logs.resolve("galvani.log"), NOW.minusSeconds(60), line(NOW.minusSeconds(120), "charger booted"));
        LogFiles.write(logs.resolve("galvani.1.log.gz"), NOW.minusSeconds(3600), line(NOW.minusSeconds(7200), "older"));
        LogFiles.write(logs.resolve("ocpp-messages.log"), NOW.minusSeconds(60),
                line(NOW.minusSeconds(100), "[2,\"1\",\"BootNotification\",{}]"));
        LogFiles.write(logs.resolve("security.log"), NOW.minusSeconds(60), line(NOW.minusSeconds(90), "StartupOfTheDevice"));
        uploads = uploads();
    }

    private LogUploads uploads() {
        Uploader u = uploader;
        return new LogUploads(link, executor, () -> settings, data.resolve("logs"), data.resolve("diagnostics"), "CS/001",
                Clock.fixed(NOW, ZoneOffset.UTC), Map.of("http", u, "https", u, "ftp", u, "ftps", u), grace);
    }

    @AfterEach
    void tearDown() throws Exception {
        uploads.close();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    GetLogRequest getLog(LogEnumType type, int requestId) {
        return GetLogRequest.of(type, requestId, LogParametersType.of("https://csms.example.com/logs"));
    }

    @Test
    void N01_FR01_FR08_FR09_acceptedThenUploadingThenUploaded() throws Exception {
        TestCall call = new TestCall("GetLog");
        GetLogResponse response = uploads.request(getLog(LogEnumType.DiagnosticsLog, 7), call);

        assertThat(response.status()).isEqualTo(LogStatusEnumType.Accepted);
        assertThat(response.filename()).isEqualTo("CS_001-DiagnosticsLog-20300501T123456Z.zip");
        // Nothing is sent before the GetLogResponse went out (generic FR.05).
        assertThat(link.calls).isEmpty();
        call.responded();

        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#7", "Uploaded#7");
        assertThat(uploader.filenames).containsExactly(response.filename());
        Map<String, String> zip = LogFiles.unzip(uploader.archives.get(0));
        assertThat(zip).containsOnlyKeys("galvani-log-info.txt", "galvani.log", "galvani.1.log.gz", "ocpp-messages.log");
        assertThat(zip.get("galvani.log")).contains("charger booted");
        assertThat(zip.get("galvani.1.log.gz")).contains("older");
        assertThat(zip.get("galvani-log-info.txt")).contains("requestId: 7", "logType: DiagnosticsLog");
        // The archive is gone afterwards and the station is idle again.
        await().until(() -> Files.notExists(uploader.archivePaths.get(0)));
        assertThat(uploads.busyWith()).isEmpty();
    }

    @Test
    void N01_FR03_securityLogHoldsOnlyTheSecurityLog() throws Exception {
        TestCall call = new TestCall("GetLog");
        GetLogResponse response = uploads.request(getLog(LogEnumType.SecurityLog, 8), call);
        assertThat(response.filename()).isEqualTo("CS_001-SecurityLog-20300501T123456Z.zip");
        call.responded();
        link.awaitStatus(UploadLogStatusEnumType.Uploaded);
        assertThat(LogFiles.unzip(uploader.archives.get(0))).containsOnlyKeys("galvani-log-info.txt", "security.log")
                .extractingByKey("security.log").asString().contains("StartupOfTheDevice");
    }

    @Test
    void N01_FR05_rejectedWithoutLogInformation() throws Exception {
        Files.delete(data.resolve("logs/security.log"));
        TestCall call = new TestCall("GetLog");
        GetLogResponse response = uploads.request(getLog(LogEnumType.SecurityLog, 9), call);
        assertThat(response.status()).isEqualTo(LogStatusEnumType.Rejected);
        assertThat(response.filename()).isNull();
        assertThat(response.statusInfo().reasonCode()).isEqualTo("NotFound");
        assertThat(call.pendingTasks()).isZero();

        GetLogRequest outOfPeriod = GetLogRequest.of(LogEnumType.DiagnosticsLog, 10,
                LogParametersType.of("https://csms.example.com/logs").withOldestTimestamp(NOW.plusSeconds(3600)));
        assertThat(uploads.request(outOfPeriod, call).status()).isEqualTo(LogStatusEnumType.Rejected);
        assertThat(link.calls).isEmpty();
    }

    @Test
    void N01_FR10_retriesThenReportsTheFailureOnce() {
        uploader.otherwise = UploadLogStatusEnumType.UploadFailure;
        TestCall call = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 11).withRetries(3).withRetryInterval(0), call);
        call.responded();
        // TC_N_26: retries 3 = four attempts; Uploading once, the failure once, after the last attempt.
        assertThat(link.awaitStatus(UploadLogStatusEnumType.UploadFailure)).containsExactly("Uploading#11",
                "UploadFailure#11");
        assertThat(uploader.attempts).hasValue(4);
    }

    @Test
    void N01_retriesDefaultFromConfigurationAndAreCapped() {
        settings = Settings.defaults().withRetryDefaults(2, 0);
        uploader.otherwise = UploadLogStatusEnumType.PermissionDenied;
        TestCall call = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 12), call);
        call.responded();
        assertThat(link.awaitStatus(UploadLogStatusEnumType.PermissionDenied)).containsExactly("Uploading#12",
                "PermissionDenied#12");
        assertThat(uploader.attempts).hasValue(3);

        TestCall call2 = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 13).withRetries(1000).withRetryInterval(0), call2);
        call2.responded();
        await().until(() -> link.statuses().contains("PermissionDenied#13"));
        assertThat(uploader.attempts).hasValue(3 + 11); // maxRetries 10
    }

    @Test
    void N01_retryAfterFailureSucceeds() {
        uploader.script.add(UploadLogStatusEnumType.UploadFailure);
        TestCall call = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 14).withRetries(1).withRetryInterval(0), call);
        call.responded();
        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#14", "Uploaded#14");
        assertThat(uploader.attempts).hasValue(2);
    }

    @Test
    void N01_unsupportedProtocolOrBadUrlIsBadMessageWithoutAttempt() {
        TestCall call = new TestCall("GetLog");
        GetLogResponse response = uploads.request(GetLogRequest.of(LogEnumType.DiagnosticsLog, 15,
                LogParametersType.of("sftp://user:secret@host/logs")), call);
        assertThat(response.status()).isEqualTo(LogStatusEnumType.Accepted);
        call.responded();
        assertThat(link.awaitStatus(UploadLogStatusEnumType.BadMessage)).containsExactly("BadMessage#15");

        TestCall call2 = new TestCall("GetLog");
        uploads.request(GetLogRequest.of(LogEnumType.DiagnosticsLog, 16, LogParametersType.of("logs please")), call2);
        call2.responded();
        await().until(() -> link.statuses().contains("BadMessage#16"));
        assertThat(uploader.attempts).hasValue(0);
    }

    @Test
    void N01_FR12_FR20_newGetLogCancelsTheOngoingUpload() throws Exception {
        uploader.block = true;
        TestCall first = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 21), first);
        first.responded();
        assertThat(uploader.blocked.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(uploads.busyWith()).contains(21);

        uploader.block = false;
        TestCall second = new TestCall("GetLog");
        GetLogResponse response = uploads.request(getLog(LogEnumType.SecurityLog, 22), second);
        assertThat(response.status()).isEqualTo(LogStatusEnumType.AcceptedCanceled);
        assertThat(response.filename()).isEqualTo("CS_001-SecurityLog-20300501T123456Z.zip");
        second.responded();

        // TC_N_36: AcceptedCanceled for #1, then #2 runs to the end; #1 says nothing more.
        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#21",
                "AcceptedCanceled#21", "Uploading#22", "Uploaded#22");
        await().until(() -> uploader.archivePaths.stream().allMatch(Files::notExists));
    }

    @Test
    void N01_FR12_cancelWhileWaitingToRetry() {
        uploader.script.add(UploadLogStatusEnumType.UploadFailure);
        TestCall first = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 31).withRetries(1).withRetryInterval(3600), first);
        first.responded();
        await().until(() -> uploader.attempts.get() == 1 && executor.getQueue().size() == 1);

        TestCall second = new TestCall("GetLog");
        assertThat(uploads.request(getLog(LogEnumType.DiagnosticsLog, 32), second).status())
                .isEqualTo(LogStatusEnumType.AcceptedCanceled);
        second.responded();
        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#31",
                "AcceptedCanceled#31", "Uploading#32", "Uploaded#32");
        assertThat(executor.getQueue()).isEmpty(); // the retry of #31 is gone
    }

    @Test
    void F06_FR15_triggerWhenIdleSendsIdleWithoutRequestId() {
        uploads.sendTriggeredStatus();
        await().until(() -> link.notifications().size() == 1);
        assertThat(link.notifications().get(0).status()).isEqualTo(UploadLogStatusEnumType.Idle);
        assertThat(link.notifications().get(0).requestId()).isNull();
    }

    @Test
    void F06_FR14_triggerWhileUploadingSendsUploadingWithRequestId() throws Exception {
        uploader.block = true;
        TestCall call = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 41), call);
        call.responded();
        assertThat(uploader.blocked.await(20, TimeUnit.SECONDS)).isTrue();
        uploads.sendTriggeredStatus();
        await().until(() -> link.statuses().size() == 2);
        assertThat(link.statuses()).containsExactly("Uploading#41", "Uploading#41");
    }

    @Test
    void closeCancelsSilentlyAndLeavesNoArchive() throws Exception {
        uploader.block = true;
        TestCall call = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 51), call);
        call.responded();
        assertThat(uploader.blocked.await(20, TimeUnit.SECONDS)).isTrue();
        uploads.close();
        await().until(() -> Files.notExists(uploader.archivePaths.get(0)));
        assertThat(link.statuses()).containsExactly("Uploading#51");
        assertThat(uploads.busyWith()).isEmpty();
    }

    @Test
    void uploadStartsAfterAGracePeriodWhenTheTransportNeverConfirmsTheResponse() {
        uploads.close();
        grace = Duration.ofMillis(300);
        uploads = uploads();
        TestCall neverWritten = new TestCall("GetLog");
        uploads.request(getLog(LogEnumType.DiagnosticsLog, 61), neverWritten);
        assertThat(link.awaitStatus(UploadLogStatusEnumType.Uploaded)).containsExactly("Uploading#61", "Uploaded#61");
        neverWritten.responded(); // a late confirmation starts nothing twice
        assertThat(uploader.attempts).hasValue(1);
        assertThat(uploads.busyWith()).isEmpty();
    }
}
