package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.galvani.bench.Releases;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Pki;
import io.galvani.csms.demo.Replies;

/**
 * An image that changes the installer itself cannot be swapped live: it is staged, the station restarts
 * (InstallRebooting, L01.FR.15; BootNotification reason FirmwareUpdate) and the launcher applies it before any bundle
 * starts; the new firmware reports Installed (L01.FR.32 a). A changed bundle that does not start after the restart is
 * rolled back by the launcher through another framework start: InstallationFailed, the old version running.
 */
class FirmwareRebootTest extends StationTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTALLER = "io.galvani.firmware.installer";
    /** Download, signature, resolution, staging, two framework starts and the health check, on a loaded machine. */
    private static final Duration INSTALL_WAIT = Duration.ofSeconds(180);

    private final Pki manufacturer = Pki.create("Galvani manufacturer root");
    private final Pki.Issued signer = manufacturer.station("Galvani firmware signing", "Galvani");

    @TempDir
    Path work;
    private HttpServer files;

    @BeforeEach
    void serveFiles() throws IOException {
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            Path file = work.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        files.start();
    }

    @AfterEach
    void stopFiles() {
        files.stop(0);
    }

    @Test
    void L01_FR15_FR32_installerChanged_InstallRebooting_restartWithFirmwareUpdate_Installed() throws Exception {
        bootWithManufacturerRoot();
        Framework before = station.framework();
        Releases.Image image = release("0.2.0-reboot", m -> m.putValue("Bundle-Version", "0.1.1"));
        int mark = csms.mark();
        assertThat(updateFirmware(21, image).at("/status").asText()).isEqualTo("Accepted");

        awaitFirmwareStatus(mark, "InstallRebooting");
        station.awaitReboot(before, INSTALL_WAIT);
        Frame installed = awaitFirmwareStatus(mark, "Installed");
        assertThat(installed.payload().at("/requestId").asInt()).isEqualTo(21);
        assertThat(firmwareStatuses(mark)).containsExactly("Downloading", "Downloaded", "SignatureVerified",
                "InstallRebooting", "Installed");
        assertThat(awaitCall(mark, "BootNotification").payload().at("/reason").asText()).isEqualTo("FirmwareUpdate");
        // The commit after the health check writes the new version: provisioning tells the CSMS at once.
        csms.awaitFrame(mark, f -> f.isCall() && "BootNotification".equals(f.action())
                && "0.2.0-reboot".equals(f.payload().at("/chargingStation/firmwareVersion").asText())
                && "FirmwareUpdate".equals(f.payload().at("/reason").asText()), WAIT);
        await().atMost(WAIT).until(() -> securityEvents(mark).contains("FirmwareUpdated")); // L01.FR.31
        assertThat(securityEvents(mark)).contains("ResetOrReboot");

        Bundle installer = station.bundle(INSTALLER);
        assertThat(installer.getVersion()).isEqualTo(Version.parseVersion("0.1.1"));
        assertThat(installer.getState()).isEqualTo(Bundle.ACTIVE);
        await().atMost(WAIT).ignoreExceptions().until(() -> station.get("/api/v1/bundles").at("/firmwareVersion").asText().equals("0.2.0-reboot"));
    }

    @Test
    void L01_installerThatCannotStartAfterTheRestart_rolledBack_InstallationFailed_oldVersionRuns() throws Exception {
        bootWithManufacturerRoot();
        Framework before = station.framework();
        Version old = station.bundle(INSTALLER).getVersion();
        Releases.Image image = release("0.2.0-broken", m -> {
            m.putValue("Bundle-Version", "0.1.2");
            m.putValue("Bundle-Activator", "io.galvani.firmware.installer.internal.NoSuchActivator");
        });
        int mark = csms.mark();
        assertThat(updateFirmware(22, image).at("/status").asText()).isEqualTo("Accepted");

        awaitFirmwareStatus(mark, "InstallRebooting");
        station.awaitReboot(before, INSTALL_WAIT);
        awaitFirmwareStatus(mark, "InstallationFailed");
        assertThat(firmwareStatuses(mark)).containsExactly("Downloading", "Downloaded", "SignatureVerified",
                "InstallRebooting", "InstallationFailed");
        Bundle installer = station.bundle(INSTALLER);
        assertThat(installer.getVersion()).isEqualTo(old);
        assertThat(installer.getState()).isEqualTo(Bundle.ACTIVE);
        await().atMost(WAIT).ignoreExceptions().until(() -> !station.get("/api/v1/bundles").at("/firmwareVersion").asText().equals("0.2.0-broken"));
        assertThat(awaitCall(mark, "BootNotification").payload().at("/reason").asText()).isEqualTo("FirmwareUpdate");
        assertThat(csms.frames().subList(mark, csms.frames().size()).stream().filter(f -> f.isCall()
                && "BootNotification".equals(f.action()))).as("a version that never ran is never announced")
                .allMatch(f -> !"0.2.0-broken".equals(f.payload().at("/chargingStation/firmwareVersion").asText()));
    }

    @Test
    void L01_newFirmwareNotAcceptedAfterTheRestart_rolledBackThroughASecondRestart_InstallationFailed() throws Exception {
        bootWithManufacturerRoot();
        Framework before = station.framework();
        Version old = station.bundle(INSTALLER).getVersion();
        Releases.Image image = release("0.2.0-unhealthy", m -> m.putValue("Bundle-Version", "0.1.3"));
        // The CSMS will not accept the station once it runs the new firmware: its health check fails (90 s).
        csms.onCall("BootNotification", Replies.bootNotification("Rejected", 5));
        int mark = csms.mark();
        assertThat(updateFirmware(23, image).at("/status").asText()).isEqualTo("Accepted");

        awaitFirmwareStatus(mark, "InstallRebooting");
        Framework withNewSet = station.awaitReboot(before, INSTALL_WAIT);
        assertThat(station.bundle(INSTALLER).getVersion()).isEqualTo(Version.parseVersion("0.1.3"));
        station.awaitReboot(withNewSet, Duration.ofSeconds(240)); // health check timeout, then the rollback restart
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));

        awaitFirmwareStatus(mark, "InstallationFailed");
        assertThat(firmwareStatuses(mark)).containsExactly("Downloading", "Downloaded", "SignatureVerified",
                "InstallRebooting", "InstallationFailed");
        assertThat(station.bundle(INSTALLER).getVersion()).isEqualTo(old);
        assertThat(station.bundle(INSTALLER).getState()).isEqualTo(Bundle.ACTIVE);
        await().atMost(WAIT).ignoreExceptions().until(() -> !station.get("/api/v1/bundles").at("/firmwareVersion").asText().equals("0.2.0-unhealthy"));
    }

    // --- the release an OEM builds ------------------------------------------------------------------------

    private Releases.Image release(String firmwareVersion, Releases.ManifestChange change) throws Exception {
        Path key = Files.writeString(work.resolve("signing-key.pem"), Pki.pem(signer.key()));
        Path cert = Files.writeString(work.resolve("signing-cert.pem"), Pki.pem(signer.certificate()));
        return new Releases(StationUnderTest.DISTRIBUTION, key, cert).withChangedBundle(work, firmwareVersion,
                INSTALLER, change);
    }

    // --- OCPP ------------------------------------------------------------------------------------------------

    private void bootWithManufacturerRoot() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().start();
        awaitCall(0, "StatusNotification");
        ObjectNode install = JSON.createObjectNode().put("certificateType", "ManufacturerRootCertificate")
                .put("certificate", Pki.pem(manufacturer.root()));
        assertThat(call("InstallCertificate", install.toString()).at("/status").asText()).isEqualTo("Accepted");
    }

    private JsonNode updateFirmware(int requestId, Releases.Image image) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("requestId", requestId).put("retries", 1)
                .put("retryInterval", 1);
        request.putObject("firmware")
                .put("location", "http://127.0.0.1:" + files.getAddress().getPort() + "/" + image.file().getFileName())
                .put("retrieveDateTime", java.time.Instant.now().minusSeconds(5).toString())
                .put("signingCertificate", Pki.pem(signer.certificate()))
                .put("signature", image.signature());
        return call("UpdateFirmware", request.toString());
    }

    private Frame awaitFirmwareStatus(int since, String status) {
        return csms.awaitFrame(since, f -> f.isCall() && "FirmwareStatusNotification".equals(f.action())
                && status.equals(f.payload().at("/status").asText()), INSTALL_WAIT);
    }

    private List<String> firmwareStatuses(int since) {
        return csms.frames().subList(since, csms.frames().size()).stream()
                .filter(f -> f.isCall() && "FirmwareStatusNotification".equals(f.action()))
                .map(f -> f.payload().at("/status").asText()).toList();
    }

    private List<String> securityEvents(int since) {
        return csms.frames().subList(since, csms.frames().size()).stream()
                .filter(f -> f.isCall() && "SecurityEventNotification".equals(f.action()))
                .map(f -> f.payload().at("/type").asText()).toList();
    }

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
