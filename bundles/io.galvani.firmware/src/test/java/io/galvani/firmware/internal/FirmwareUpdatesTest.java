package io.galvani.firmware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.ImageRejectedException;
import io.galvani.firmware.api.InstallResult;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareResponse;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;
import io.galvani.ocpp.model.types.FirmwareType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.UpdateFirmwareStatusEnumType;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.security.api.CertificateStore;
import io.galvani.security.api.SecurityEvents;
import io.galvani.security.api.StationCredentials;

/** L01 behaviour on virtual time, with a scripted downloader and a fake installer. */
class FirmwareUpdatesTest {
    static final Instant START = Instant.parse("2030-05-01T12:00:00Z");
    static final String LOCATION = "https://fw.example.com/galvani-1.1.0.zip";
    static final byte[] IMAGE = "PK\3\4 galvani 1.1.0 bundle set".getBytes(StandardCharsets.ISO_8859_1);

    static TestPki.Issued root;
    static TestPki.Issued ecSigner;
    static TestPki.Issued rsaSigner;

    @TempDir
    Path dir;

    final VirtualScheduler scheduler = new VirtualScheduler();
    final RecordingLink link = new RecordingLink();
    final StatusSender sender = new StatusSender();
    final FakeInstaller installer = new FakeInstaller();
    final FakeDownloader downloader = new FakeDownloader();
    final FakeStation station = new FakeStation();
    final List<String> securityEvents = new CopyOnWriteArrayList<>();
    volatile FirmwareInstaller installerService = installer;
    volatile List<X509Certificate> manufacturerRoots;
    volatile Settings settings = Settings.defaults();
    ScheduledExecutorService executor = scheduler;
    FirmwareUpdates updates;

    @BeforeAll
    static void pki() {
        root = TestPki.root("Galvani Manufacturer Root", START.minus(Duration.ofDays(365)),
                START.plus(Duration.ofDays(3650)));
        ecSigner = TestPki.signer("Galvani Firmware Signing", TestPki.ec(), root, START.minus(Duration.ofDays(1)),
                START.plus(Duration.ofDays(730)));
        rsaSigner = TestPki.signer("Galvani Firmware Signing RSA", TestPki.rsa(), root,
                START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(730)));
    }

    @BeforeEach
    void setUp() {
        manufacturerRoots = List.of(root.certificate());
        sender.link(link);
        updates = newUpdates();
    }

    @AfterEach
    void tearDown() {
        updates.close();
        if (executor != scheduler) {
            executor.shutdownNow();
        }
    }

    FirmwareUpdates newUpdates() {
        FirmwareUpdates.Services services = new FirmwareUpdates.Services() {
            @Override
            public Optional<CertificateStore> certificates() {
                return Optional.of(new Roots());
            }

            @Override
            public Optional<SecurityEvents> securityEvents() {
                return Optional.of((type, info) -> securityEvents.add(type + ": " + info));
            }

            @Override
            public Optional<FirmwareInstaller> installer() {
                return Optional.ofNullable(installerService);
            }
        };
        return new FirmwareUpdates(services, sender, new EvseGate(() -> station, () -> station),
                new UpdateStore(dir), dir.resolve("downloads"), executor, this::now, () -> settings,
                Map.of("https", downloader, "http", downloader, "ftp", downloader, "ftps", downloader),
                Duration.ofSeconds(30));
    }

    final class Roots implements CertificateStore {
        @Override
        public List<X509Certificate> roots(GetCertificateIdUseEnumType use) {
            return use == GetCertificateIdUseEnumType.ManufacturerRootCertificate ? manufacturerRoots : List.of();
        }

        @Override
        public List<StationCredentials> stationCredentials() {
            return List.of();
        }

        @Override
        public void connectedWith(StationCredentials credentials) {
        }

        @Override
        public void refusedWith(StationCredentials credentials) {
        }
    }

    Instant now() {
        return START.plus(scheduler.elapsed());
    }

    /** A real thread, for what must interrupt or block it; configured as the component configures its own. */
    static ScheduledThreadPoolExecutor realExecutor() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1);
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return e;
    }

    // ---------------------------------------------------------------- given / when

    static UpdateFirmwareRequest signedBy(int requestId, TestPki.Issued signer, byte[] image) {
        return new UpdateFirmwareRequest(null, 2, 60, requestId, FirmwareType.of(LOCATION, START)
                .withSigningCertificate(signer.pem()).withSignature(TestPki.sign(image, signer.keys().getPrivate())));
    }

    static UpdateFirmwareRequest valid(int requestId) {
        return signedBy(requestId, ecSigner, IMAGE);
    }

    UpdateFirmwareResponse send(UpdateFirmwareRequest request) {
        OcppSchemas.assertValid(request);
        TestCall call = new TestCall("UpdateFirmware");
        UpdateFirmwareResponse response = updates.request(request, call);
        OcppSchemas.requireValid("UpdateFirmwareResponse", response);
        call.responded();
        if (executor == scheduler) {
            scheduler.runDue();
        }
        return response;
    }

    List<String> statuses() {
        return link.statuses();
    }

    String triggered() {
        FirmwareStatusNotificationRequest n = updates.triggeredStatus();
        OcppSchemas.assertValid(n);
        return n.status().value() + (n.requestId() == null ? "" : "#" + n.requestId());
    }

    // ---------------------------------------------------------------- happy flow

    @Test
    void L01_happyFlow_everyStateReportedWithTheRequestId_FirmwareUpdatedEvent() {
        downloader.then(IMAGE);

        assertThat(send(valid(7)).status()).isEqualTo(UpdateFirmwareStatusEnumType.Accepted);

        assertThat(statuses()).containsExactly("Downloading#7", "Downloaded#7", "SignatureVerified#7",
                "Installing#7", "Installed#7");
        assertThat(securityEvents).singleElement().asString().startsWith("FirmwareUpdated: firmware 1.1.0");
        assertThat(installer.checkedContent).singleElement().isEqualTo(IMAGE);
        assertThat(triggered()).isEqualTo("Idle"); // L01.FR.25
        assertThat(updates.lastOutcome()).get().extracting(FirmwareUpdates.Outcome::status)
                .isEqualTo(FirmwareStatusEnumType.Installed);
        assertThat(dir.resolve("downloads")).isEmptyDirectory();
    }

    @Test
    void statusListeners_toldTheCurrentStatusOnArrival_thenEveryStatusInOrder_aFailingOneChangesNothing() {
        List<String> early = new CopyOnWriteArrayList<>();
        List<String> late = new CopyOnWriteArrayList<>();
        sender.listeners.add(s -> {
            throw new IllegalStateException("listener bug");
        });
        sender.listeners.add(s -> early.add(s.status() + (s.requestId() == null ? "" : "#" + s.requestId())
                + (s.installing() ? " installing" : "")));
        downloader.then(IMAGE);

        send(valid(7));
        sender.listeners.add(s -> late.add(s.status() + "#" + s.requestId()));

        assertThat(early).containsExactly("Idle", "Downloading#7", "Downloaded#7", "SignatureVerified#7",
                "Installing#7 installing", "Installed#7");
        assertThat(late).containsExactly("Installed#7");
        assertThat(statuses()).containsExactly("Downloading#7", "Downloaded#7", "SignatureVerified#7",
                "Installing#7", "Installed#7");
    }

    @Test
    void L01_FR04_rsaPssSignatureVerified() {
        downloader.then(IMAGE);

        send(signedBy(8, rsaSigner, IMAGE));

        assertThat(statuses()).contains("SignatureVerified#8", "Installed#8");
    }

    @Test
    void notificationsWaitUntilTheStatusUpdatesStartAfterTheResponse() {
        downloader.then(IMAGE);
        TestCall call = new TestCall("UpdateFirmware");

        updates.request(valid(9), call);
        scheduler.runDue();
        assertThat(statuses()).isEmpty();

        call.responded();
        scheduler.runDue();
        assertThat(statuses()).startsWith("Downloading#9");
    }

    // ---------------------------------------------------------------- certificate (L01.FR.21/22, FR.02)

    @Test
    void L01_FR22_certificateNotFromAnInstalledManufacturerRoot_InvalidCertificateAndSecurityEvent() {
        TestPki.Issued otherRoot = TestPki.root("Someone Else", START.minus(Duration.ofDays(10)),
                START.plus(Duration.ofDays(100)));
        TestPki.Issued foreign = TestPki.signer("Foreign Signing", TestPki.ec(), otherRoot,
                START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(10)));

        UpdateFirmwareResponse response = send(signedBy(3, foreign, IMAGE));

        assertThat(response.status()).isEqualTo(UpdateFirmwareStatusEnumType.InvalidCertificate);
        assertThat(response.statusInfo().additionalInfo()).contains("does not chain");
        assertThat(securityEvents).singleElement().asString()
                .startsWith("InvalidFirmwareSigningCertificate: UpdateFirmware 3");
        assertThat(statuses()).isEmpty();
        assertThat(downloader.attempts).isZero();
    }

    @Test
    void L01_FR22_expiredCertificate_InvalidCertificate() {
        TestPki.Issued expired = TestPki.signer("Old Signing", TestPki.ec(), root, START.minus(Duration.ofDays(400)),
                START.minus(Duration.ofDays(1)));

        UpdateFirmwareResponse response = send(signedBy(4, expired, IMAGE));

        assertThat(response.status()).isEqualTo(UpdateFirmwareStatusEnumType.InvalidCertificate);
        assertThat(response.statusInfo().additionalInfo()).contains("expired");
        assertThat(securityEvents).singleElement().asString().startsWith("InvalidFirmwareSigningCertificate");
    }

    @Test
    void L01_FR22_missingOrGarbledCertificateOrNoRootInstalled_InvalidCertificate() {
        UpdateFirmwareRequest none = new UpdateFirmwareRequest(null, null, null, 5, FirmwareType.of(LOCATION, START));
        UpdateFirmwareRequest garbled = new UpdateFirmwareRequest(null, null, null, 6,
                FirmwareType.of(LOCATION, START).withSigningCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n"));

        assertThat(send(none).status()).isEqualTo(UpdateFirmwareStatusEnumType.InvalidCertificate);
        assertThat(send(garbled).status()).isEqualTo(UpdateFirmwareStatusEnumType.InvalidCertificate);
        manufacturerRoots = List.of();
        UpdateFirmwareResponse noRoot = send(valid(7));
        assertThat(noRoot.status()).isEqualTo(UpdateFirmwareStatusEnumType.InvalidCertificate);
        assertThat(noRoot.statusInfo().additionalInfo()).contains("no ManufacturerRootCertificate");
        assertThat(securityEvents).hasSize(3);
    }

    @Test
    void invalidLocation_RejectedInvalidUrl_nothingStarts() {
        UpdateFirmwareRequest sftp = new UpdateFirmwareRequest(null, null, null, 5,
                FirmwareType.of("sftp://user:pw@host/fw.zip", START).withSigningCertificate(ecSigner.pem()));

        UpdateFirmwareResponse response = send(sftp);

        assertThat(response.status()).isEqualTo(UpdateFirmwareStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("InvalidURL");
        assertThat(statuses()).isEmpty();
    }

    // ---------------------------------------------------------------- signature (L01.FR.03/04)

    @Test
    void L01_FR03_wrongSignature_InvalidSignatureAndSecurityEvent_nothingInstalled() {
        downloader.then("PK\3\4 something else".getBytes(StandardCharsets.ISO_8859_1));

        send(valid(11));

        assertThat(statuses()).containsExactly("Downloading#11", "Downloaded#11", "InvalidSignature#11");
        assertThat(securityEvents).singleElement().asString().startsWith("InvalidFirmwareSignature: UpdateFirmware 11");
        assertThat(installer.checked).isEmpty();
        assertThat(triggered()).isEqualTo("InvalidSignature#11"); // L01.FR.26
        assertThat(dir.resolve("downloads")).isEmptyDirectory();
    }

    @Test
    void L01_FR03_missingSignature_InvalidSignature() {
        downloader.then(IMAGE);
        UpdateFirmwareRequest unsigned = new UpdateFirmwareRequest(null, null, null, 12,
                FirmwareType.of(LOCATION, START).withSigningCertificate(ecSigner.pem()));

        send(unsigned);

        assertThat(statuses()).endsWith("InvalidSignature#12");
        assertThat(securityEvents).singleElement().asString().contains("no signature");
        assertThat(installer.checked).isEmpty();
    }

    @Test
    void L01_FR03_truncatedImage_InvalidSignature() {
        downloader.then(java.util.Arrays.copyOf(IMAGE, IMAGE.length - 3));

        send(valid(13));

        assertThat(statuses()).endsWith("InvalidSignature#13");
        assertThat(installer.installs).isZero();
    }

    // ---------------------------------------------------------------- scheduling (L01.FR.13/16)

    @Test
    void L01_FR13_retrieveDateTimeInTheFuture_DownloadScheduledThenDownloadAtThatTime() {
        downloader.then(IMAGE);
        UpdateFirmwareRequest later = new UpdateFirmwareRequest(null, 0, 0, 20, FirmwareType.of(LOCATION,
                START.plus(Duration.ofHours(2))).withSigningCertificate(ecSigner.pem())
                .withSignature(TestPki.sign(IMAGE, ecSigner.keys().getPrivate())));

        send(later);
        assertThat(statuses()).containsExactly("DownloadScheduled#20");
        scheduler.advance(Duration.ofHours(2).minusSeconds(1));
        assertThat(downloader.attempts).isZero();

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(statuses()).containsExactly("DownloadScheduled#20", "Downloading#20", "Downloaded#20",
                "SignatureVerified#20", "Installing#20", "Installed#20");
    }

    @Test
    void L01_FR16_installDateTimeInTheFuture_InstallScheduledThenInstallAtThatTime() {
        downloader.then(IMAGE);
        UpdateFirmwareRequest r = valid(21);
        r = new UpdateFirmwareRequest(null, 0, 0, 21, r.firmware().withInstallDateTime(START.plus(Duration.ofDays(1))));

        send(r);
        assertThat(statuses()).containsExactly("Downloading#21", "Downloaded#21", "SignatureVerified#21",
                "InstallScheduled#21");
        assertThat(installer.checked).isEmpty();

        scheduler.advance(Duration.ofDays(1));
        assertThat(statuses()).endsWith("Installing#21", "Installed#21");
    }

    // ---------------------------------------------------------------- download failures (L01.FR.30)

    @Test
    void L01_FR30_downloadFailedOnlyAfterAllRetries_retryIntervalApart() {
        downloader.then("HTTP 404").then("HTTP 404").then("HTTP 404");

        send(valid(30)); // retries 2, retryInterval 60
        assertThat(downloader.attempts).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(59));
        assertThat(downloader.attempts).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(downloader.attempts).isEqualTo(2);
        assertThat(statuses()).containsExactly("Downloading#30");
        scheduler.advance(Duration.ofSeconds(60));

        assertThat(downloader.attempts).isEqualTo(3);
        assertThat(statuses()).containsExactly("Downloading#30", "DownloadFailed#30");
        assertThat(updates.lastOutcome()).get().extracting(FirmwareUpdates.Outcome::detail).isEqualTo("HTTP 404");
        scheduler.advance(Duration.ofHours(1));
        assertThat(downloader.attempts).isEqualTo(3);
    }

    @Test
    void downloadSucceedsOnARetry() {
        downloader.then("connection refused or unreachable").then(IMAGE);

        send(valid(31));
        scheduler.advance(Duration.ofSeconds(60));

        assertThat(statuses()).containsExactly("Downloading#31", "Downloaded#31", "SignatureVerified#31",
                "Installing#31", "Installed#31");
    }

    // ---------------------------------------------------------------- installer outcomes

    @Test
    void L01_FR29_imageRefusedByTheInstaller_InstallVerificationFailed() {
        downloader.then(IMAGE);
        installer.rejection = new ImageRejectedException(ImageRejectedException.Reason.HASH_MISMATCH,
                "io.galvani.station: hash differs from the manifest");

        send(valid(40));

        assertThat(statuses()).endsWith("SignatureVerified#40", "InstallVerificationFailed#40");
        assertThat(installer.installs).isZero();
        assertThat(updates.lastOutcome()).get().extracting(FirmwareUpdates.Outcome::detail).asString()
                .contains("HASH_MISMATCH");
    }

    @Test
    void installationFailedAndVerificationFailedMapToTheirStatuses() {
        downloader.then(IMAGE).then(IMAGE);
        installer.result = InstallResult.Status.INSTALLATION_FAILED;
        send(valid(41));
        assertThat(statuses()).endsWith("Installing#41", "InstallationFailed#41");

        installer.result = InstallResult.Status.VERIFICATION_FAILED;
        send(valid(42));
        assertThat(statuses()).endsWith("Installing#42", "InstallVerificationFailed#42");
        assertThat(securityEvents).isEmpty();
        assertThat(triggered()).isEqualTo("InstallVerificationFailed#42");
    }

    @Test
    void L01_FR15_installerRebooting_InstallRebootingReported() {
        downloader.then(IMAGE);
        installer.steps = List.of(FakeInstaller.Step.INSTALLING, FakeInstaller.Step.REBOOTING);

        send(valid(43));

        assertThat(statuses()).endsWith("Installing#43", "InstallRebooting#43", "Installed#43");
    }

    @Test
    void L01_FR34_FR07_waitingForTransactions_InstallScheduled_freeEvsesUnavailableUntilInstalled() {
        downloader.then(IMAGE);
        station.charging.add(1);
        List<java.util.Set<Integer>> duringInstall = new CopyOnWriteArrayList<>();
        installer.steps = List.of(FakeInstaller.Step.WAIT_FOR_IDLE, FakeInstaller.Step.INSTALLING);
        FakeInstaller spy = installer;
        installerService = new DelegatingInstaller(spy) {
            @Override
            void beforeResult() {
                duringInstall.add(station.unavailableNow());
                station.transactionEnds(1);
                duringInstall.add(station.unavailableNow());
            }
        };

        send(valid(44));

        assertThat(statuses()).containsExactly("Downloading#44", "Downloaded#44", "SignatureVerified#44",
                "InstallScheduled#44", "Installing#44", "Installed#44");
        assertThat(duringInstall).containsExactly(java.util.Set.of(2), java.util.Set.of(1, 2));
        assertThat(station.unavailableNow()).isEmpty();
    }

    @Test
    void allowNewSessionsPendingFirmwareUpdate_true_leavesEvsesAvailable() {
        settings = settings.withAllowNewSessions(true);
        downloader.then(IMAGE);
        station.charging.add(1);
        installer.steps = List.of(FakeInstaller.Step.WAIT_FOR_IDLE, FakeInstaller.Step.INSTALLING);
        List<java.util.Set<Integer>> duringInstall = new CopyOnWriteArrayList<>();
        installerService = new DelegatingInstaller(installer) {
            @Override
            void beforeResult() {
                duringInstall.add(station.unavailableNow());
            }
        };

        send(valid(45));

        assertThat(statuses()).contains("InstallScheduled#45", "Installed#45");
        assertThat(duringInstall).containsExactly(java.util.Set.of());
    }

    @Test
    void evseMadeUnavailableByTheOperatorStaysSo() {
        downloader.then(IMAGE);
        station.unavailable.add(2);
        station.charging.add(1);
        installer.steps = List.of(FakeInstaller.Step.WAIT_FOR_IDLE, FakeInstaller.Step.INSTALLING);

        send(valid(46));

        assertThat(station.unavailableNow()).containsExactly(2);
    }

    // ---------------------------------------------------------------- installer service missing

    @Test
    void noInstallerService_waitsTheConfiguredTime_thenInstallationFailed() {
        installerService = null;
        settings = settings.withInstallerWait(Duration.ofMinutes(5));
        downloader.then(IMAGE);

        send(valid(50));
        assertThat(statuses()).endsWith("SignatureVerified#50");
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(statuses()).endsWith("SignatureVerified#50", "InstallationFailed#50");
        assertThat(updates.lastOutcome()).get().extracting(FirmwareUpdates.Outcome::detail).asString()
                .contains("no FirmwareInstaller service within 300 s");
    }

    @Test
    void installerServiceComesBack_installationGoesOn() {
        installerService = null;
        downloader.then(IMAGE);
        send(valid(51));
        scheduler.advance(Duration.ofMinutes(1));

        installerService = installer;
        updates.installerAvailable();
        scheduler.runDue();

        assertThat(statuses()).endsWith("SignatureVerified#51", "Installing#51", "Installed#51");
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(statuses()).endsWith("Installed#51");
    }

    // ---------------------------------------------------------------- cancel (L01.FR.24/27)

    @Test
    void L01_FR24_newUpdateWhileDownloadScheduled_AcceptedCanceled_oldOneDownloadFailed() {
        UpdateFirmwareRequest later = new UpdateFirmwareRequest(null, 0, 0, 60, FirmwareType.of(LOCATION,
                START.plus(Duration.ofHours(1))).withSigningCertificate(ecSigner.pem()).withSignature("AAAA"));
        send(later);
        downloader.then(IMAGE);

        UpdateFirmwareResponse response = send(valid(61));

        assertThat(response.status()).isEqualTo(UpdateFirmwareStatusEnumType.AcceptedCanceled);
        assertThat(statuses()).containsExactly("DownloadScheduled#60", "DownloadFailed#60", "Downloading#61",
                "Downloaded#61", "SignatureVerified#61", "Installing#61", "Installed#61");
        scheduler.advance(Duration.ofHours(2));
        assertThat(downloader.attempts).isEqualTo(1);
    }

    @Test
    void L01_FR24_newUpdateWhileInstallScheduled_oldOneInstallationFailed() {
        downloader.then(IMAGE).then(IMAGE);
        UpdateFirmwareRequest r = valid(62);
        send(new UpdateFirmwareRequest(null, 0, 0, 62, r.firmware().withInstallDateTime(START.plus(Duration.ofDays(1)))));

        assertThat(send(valid(63)).status()).isEqualTo(UpdateFirmwareStatusEnumType.AcceptedCanceled);

        assertThat(statuses()).containsSubsequence("InstallScheduled#62", "InstallationFailed#62", "Downloading#63",
                "Installed#63");
        scheduler.advance(Duration.ofDays(2));
        assertThat(installer.installs).isEqualTo(1);
    }

    @Test
    void L01_FR24_cancelBreaksOffARunningDownload() throws Exception {
        executor = realExecutor();
        updates = newUpdates();
        downloader.then(FakeDownloader.BLOCK).then(IMAGE);

        send(valid(64));
        assertThat(downloader.blocked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(send(valid(65)).status()).isEqualTo(UpdateFirmwareStatusEnumType.AcceptedCanceled);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().contains("Installed#65"));
        assertThat(statuses()).containsExactly("Downloading#64", "DownloadFailed#64", "Downloading#65",
                "Downloaded#65", "SignatureVerified#65", "Installing#65", "Installed#65");
    }

    @Test
    void L01_FR24_cancelInterruptsTheWaitForIdleEvses_evsesAvailableAgain() throws Exception {
        executor = realExecutor();
        updates = newUpdates();
        downloader.then(IMAGE).then(IMAGE);
        station.charging.add(1);
        installer.steps = List.of(FakeInstaller.Step.WAIT_FOR_IDLE, FakeInstaller.Step.INSTALLING);
        installer.evsesIdle = new CountDownLatch(1);

        send(valid(66));
        assertThat(installer.waiting.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> station.unavailableNow().equals(java.util.Set.of(2)));
        installer.steps = List.of(FakeInstaller.Step.INSTALLING);
        installer.evsesIdle = null;
        assertThat(send(valid(67)).status()).isEqualTo(UpdateFirmwareStatusEnumType.AcceptedCanceled);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().contains("Installed#67"));
        assertThat(statuses()).containsSubsequence("InstallScheduled#66", "InstallationFailed#66", "Downloading#67",
                "Installed#67");
        assertThat(statuses()).doesNotContain("Installing#66", "Installed#66");
        assertThat(station.unavailableNow()).isEmpty();
    }

    @Test
    void L01_FR27_newUpdateWhileBundlesAreSwapped_Rejected() throws Exception {
        executor = realExecutor();
        updates = newUpdates();
        downloader.then(IMAGE);
        CountDownLatch swapping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        installerService = new DelegatingInstaller(installer) {
            @Override
            void beforeResult() {
                swapping.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError("a swap must not be interrupted");
                }
            }
        };

        send(valid(68));
        assertThat(swapping.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        UpdateFirmwareResponse response = send(valid(69));
        release.countDown();

        assertThat(response.status()).isEqualTo(UpdateFirmwareStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("FwUpdateInProgress");
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().contains("Installed#68"));
        assertThat(statuses()).noneMatch(s -> s.endsWith("#69"));
    }

    // ---------------------------------------------------------------- restart

    @Test
    void restartDuringDownload_downloadTriedAgainWithTheSameRequestId() throws Exception {
        downloader.then(FakeDownloader.BLOCK);
        executor = realExecutor();
        updates = newUpdates();
        send(valid(70));
        assertThat(downloader.blocked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Files.writeString(dir.resolve("downloads").resolve("update-70.part"), "partial");
        updates.close(); // power cut: nothing more reported
        executor.shutdownNow();
        executor = scheduler;

        downloader.then(IMAGE);
        updates = newUpdates();
        updates.resume();
        scheduler.runDue();

        assertThat(statuses()).containsExactly("Downloading#70", "Downloading#70", "Downloaded#70",
                "SignatureVerified#70", "Installing#70", "Installed#70");
    }

    @Test
    void restartWhileWaitingForARetry_onlyTheAttemptsLeft_thenDownloadFailed() throws Exception {
        downloader.then("HTTP 500");
        UpdateFirmwareRequest once = new UpdateFirmwareRequest(null, 1, 60, 71, valid(71).firmware());
        send(once);
        updates.close(); // the station stops while waiting for the retry

        downloader.then("HTTP 500");
        updates = newUpdates();
        updates.resume();
        scheduler.runDue();

        assertThat(statuses()).containsExactly("Downloading#71", "Downloading#71", "DownloadFailed#71");
    }

    @Test
    void restartDuringInstallation_outcomeFromTheInstalledSet() throws Exception {
        UpdateStore store = new UpdateStore(dir);
        UpdateFirmwareRequest r = valid(72);
        UpdateRecord installing = new UpdateRecord(72, UpdateRecord.Phase.INSTALLING, LOCATION, 3, 60, START, null,
                r.firmware().signingCertificate(), r.firmware().signature(), dir.resolve("downloads/update-72.img"),
                FakeInstaller.NEW);
        store.save(new UpdateStore.State(Optional.of(installing), FirmwareStatusEnumType.InstallRebooting, 72));

        installer.installed = FakeInstaller.NEW;
        updates.resume();
        scheduler.runDue();
        assertThat(statuses()).containsExactly("Installed#72");
        assertThat(securityEvents).singleElement().asString().startsWith("FirmwareUpdated");

        store.save(new UpdateStore.State(Optional.of(installing), FirmwareStatusEnumType.Installing, 72));
        installer.installed = FakeInstaller.OLD;
        updates = newUpdates();
        updates.resume();
        scheduler.runDue();
        assertThat(statuses()).containsExactly("Installed#72", "InstallationFailed#72");
        assertThat(updates.lastOutcome()).get().extracting(FirmwareUpdates.Outcome::detail).asString()
                .contains("runs 1.0.0, not 1.1.0");
    }

    @Test
    void bundleStopsDuringTheSwap_installerNotInterrupted_outcomeReportedByTheNextStart() throws Exception {
        executor = realExecutor();
        updates = newUpdates();
        downloader.then(IMAGE);
        CountDownLatch swapping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        installerService = new DelegatingInstaller(installer) {
            @Override
            void beforeResult() {
                swapping.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        };
        send(valid(73));
        assertThat(swapping.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(updates.close()).as("not interruptible while swapping").isFalse();
        executor.shutdown();
        release.countDown();
        assertThat(executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isFalse();
        assertThat(statuses()).endsWith("Installing#73");
        assertThat(securityEvents).isEmpty();

        executor = scheduler;
        updates = newUpdates();
        updates.resume();
        scheduler.runDue();
        assertThat(statuses()).endsWith("Installing#73", "Installed#73");
        assertThat(securityEvents).singleElement().asString().startsWith("FirmwareUpdated");
    }

    @Test
    void L01_FR26_triggerAnswersTheLastStatusSentAlsoAfterARestart() {
        assertThat(triggered()).isEqualTo("Idle");
        downloader.then("HTTP 404");
        send(new UpdateFirmwareRequest(null, 0, 0, 80, valid(80).firmware()));
        assertThat(triggered()).isEqualTo("DownloadFailed#80");

        updates = newUpdates();
        updates.resume();
        assertThat(triggered()).isEqualTo("DownloadFailed#80");
    }

    @Test
    void consoleAndLogSayWhatRunsAndNeverTheCredentials() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        UpdateFirmwareRequest r = valid(90);
        send(new UpdateFirmwareRequest(null, 0, 0, 90, FirmwareType.of("ftp://fw:S3cret@ftp.example.com/fw.zip",
                START.plus(Duration.ofHours(1))).withSigningCertificate(ecSigner.pem())
                .withSignature(r.firmware().signature())));

        assertThat(updates.describe()).contains("requestId 90", "DOWNLOAD_SCHEDULED", "ftp://***@ftp.example.com/fw.zip",
                "DownloadScheduled #90").doesNotContain("S3cret");
        logger.detachAppender(logs);
        assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("ftp://***@ftp.example.com/fw.zip")).noneMatch(m -> m.contains("S3cret"));
    }

    /** Passes everything to the fake, with a hook just before install() returns. */
    abstract static class DelegatingInstaller implements FirmwareInstaller {
        final FakeInstaller delegate;

        DelegatingInstaller(FakeInstaller delegate) {
            this.delegate = delegate;
        }

        abstract void beforeResult();

        @Override
        public io.galvani.firmware.api.BundleSet installed() {
            return delegate.installed();
        }

        @Override
        public io.galvani.firmware.api.InstallPlan check(Path image) throws ImageRejectedException {
            return delegate.check(image);
        }

        @Override
        public InstallResult install(io.galvani.firmware.api.InstallPlan plan,
                io.galvani.firmware.api.InstallProgress progress) throws InterruptedException {
            return delegate.install(plan, new io.galvani.firmware.api.InstallProgress() {
                @Override
                public void waitingForIdleEvses() {
                    progress.waitingForIdleEvses();
                }

                @Override
                public void installing() {
                    progress.installing();
                    beforeResult();
                }

                @Override
                public void rebooting() {
                    progress.rebooting();
                }
            });
        }
    }
}
