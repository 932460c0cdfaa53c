package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.galvani.bench.Releases;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Pki;

/**
 * The whole hot update (L01 + the bundle-set installer) against the booted distribution: an image built and signed
 * with the OEM's command ({@code bin/galvani-image}) from a release in which one bundle changed, served over HTTP on
 * loopback, installed by UpdateFirmware while a charging session runs. The link must not drop and the transaction
 * must go on; a broken image must leave the station on the set it had.
 */
class FirmwareUpdateTest extends StationTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    /** Not in the power path: swapped live, even during a transaction. */
    private static final String CHANGED_BUNDLE = "io.galvani.display";
    /** Download, signature, resolution, swap and the installer's health check, on a loaded 2-core machine. */
    private static final java.time.Duration INSTALL_WAIT = java.time.Duration.ofSeconds(120);

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
    void L01_oneBundleChanged_installedLiveDuringATransaction_linkStaysUp_sessionGoesOn() throws Exception {
        bootWithManufacturerRoot(manufacturer);
        Version before = station.bundle(CHANGED_BUNDLE).getVersion();
        long displayId = station.bundle(CHANGED_BUNDLE).getBundleId();
        long transportId = station.bundle("io.galvani.ocpp.rpc").getBundleId();
        String txId = startCharging();
        int connections = csms.connectionCount(station.id());

        Releases.Image image = release("0.2.0-e2e", m -> m.putValue("Bundle-Version", "0.1.1"));
        int mark = csms.mark();
        assertThat(updateFirmware(11, image).at("/status").asText()).isEqualTo("Accepted");

        Frame installed = awaitFirmwareStatus(mark, "Installed");
        assertThat(installed.payload().at("/requestId").asInt()).isEqualTo(11);
        assertThat(firmwareStatuses(mark)).containsExactly("Downloading", "Downloaded", "SignatureVerified",
                "Installing", "Installed");
        await().atMost(WAIT).until(() -> securityEvents(mark).contains("FirmwareUpdated")); // L01.FR.31, critical
        Frame boot = awaitCall(mark, "BootNotification");
        assertThat(boot.payload().at("/reason").asText()).isEqualTo("FirmwareUpdate");
        assertThat(boot.payload().at("/chargingStation/firmwareVersion").asText()).isEqualTo("0.2.0-e2e");

        assertThat(station.bundle(CHANGED_BUNDLE).getVersion()).isEqualTo(Version.parseVersion("0.1.1"))
                .isNotEqualTo(before);
        assertThat(station.bundle(CHANGED_BUNDLE).getBundleId()).as("updated in place").isEqualTo(displayId);
        assertThat(station.bundle("io.galvani.ocpp.rpc").getBundleId()).isEqualTo(transportId);
        assertThat(csms.connectionCount(station.id())).as("no reconnection during the install").isEqualTo(connections);
        JsonNode listing = station.get("/api/v1/bundles");
        assertThat(listing.at("/firmwareVersion").asText()).isEqualTo("0.2.0-e2e");

        // The session went on: the same transaction still charging, its energy growing, no Ended, and the new
        // display shows it.
        double energy = station.get("/api/v1/status").at("/evses/0/session/energyWh").asDouble();
        assertThat(station.get("/api/v1/status").at("/evses/0/transactionId").asText()).isEqualTo(txId);
        await().atMost(WAIT).until(() -> station.get("/api/v1/status").at("/evses/0/session/energyWh").asDouble() > energy);
        int afterInstall = csms.mark();
        assertThat(call("TriggerMessage", "{\"requestedMessage\":\"TransactionEvent\",\"evse\":{\"id\":1}}")
                .at("/status").asText()).isEqualTo("Accepted");
        Frame updated = csms.awaitFrame(afterInstall, f -> isTxEvent(f, "Updated", txId), WAIT);
        assertThat(updated.payload().at("/transactionInfo/chargingState").asText()).isEqualTo("Charging");
        assertThat(csms.frames().stream().filter(f -> isTxEvent(f, "Ended", txId))).isEmpty();
        await().atMost(WAIT).until(() -> station.get("/api/v1/display").toString().contains("kWh"));

        station.post("/api/v1/rfid", CARD, 202);
        csms.awaitFrame(mark, f -> isTxEvent(f, "Ended", txId), WAIT);
    }

    @Test
    void L01_bundleThatCannotStart_InstallationFailed_previousSetRunsAgain() throws Exception {
        bootWithManufacturerRoot(manufacturer);
        Version before = station.bundle(CHANGED_BUNDLE).getVersion();
        int connections = csms.connectionCount(station.id());

        Releases.Image image = release("0.2.0-broken", m -> {
            m.putValue("Bundle-Version", "0.1.2");
            m.putValue("Bundle-Activator", "io.galvani.display.internal.NoSuchActivator");
        });
        int mark = csms.mark();
        assertThat(updateFirmware(12, image).at("/status").asText()).isEqualTo("Accepted");

        awaitFirmwareStatus(mark, "InstallationFailed");
        assertThat(firmwareStatuses(mark)).containsExactly("Downloading", "Downloaded", "SignatureVerified",
                "Installing", "InstallationFailed");
        assertThat(station.bundle(CHANGED_BUNDLE).getVersion()).isEqualTo(before);
        assertThat(station.bundle(CHANGED_BUNDLE).getState()).isEqualTo(org.osgi.framework.Bundle.ACTIVE);
        assertThat(csms.frames().subList(mark, csms.frames().size()).stream()
                .filter(f -> f.isCall() && "BootNotification".equals(f.action()))).isEmpty();
        assertThat(csms.connectionCount(station.id())).isEqualTo(connections);
        // The station still works: a card is authorized.
        int afterwards = csms.mark();
        station.post("/api/v1/rfid", CARD, 202);
        awaitCall(afterwards, "Authorize");
    }

    @Test
    void L01_FR03_tamperedImage_InvalidSignature_securityEvent_nothingInstalled() throws Exception {
        bootWithManufacturerRoot(manufacturer);
        Version before = station.bundle(CHANGED_BUNDLE).getVersion();
        Releases.Image image = release("0.2.0-tampered", m -> m.putValue("Bundle-Version", "0.1.3"));
        byte[] bytes = Files.readAllBytes(image.file());
        bytes[bytes.length / 2] ^= 0x01; // one bit flipped on the way
        Files.write(image.file(), bytes);

        int mark = csms.mark();
        assertThat(updateFirmware(13, image).at("/status").asText()).isEqualTo("Accepted");
        awaitFirmwareStatus(mark, "InvalidSignature");
        assertThat(firmwareStatuses(mark)).containsExactly("Downloading", "Downloaded", "InvalidSignature");
        await().atMost(WAIT).until(() -> securityEvents(mark).contains("InvalidFirmwareSignature"));
        assertThat(station.bundle(CHANGED_BUNDLE).getVersion()).isEqualTo(before);
    }

    // --- the release an OEM builds ------------------------------------------------------------------------

    /** The distribution with {@link #CHANGED_BUNDLE} changed, built and signed with {@code bin/galvani-image}. */
    private Releases.Image release(String firmwareVersion, Releases.ManifestChange change) throws Exception {
        Path key = Files.writeString(work.resolve("signing-key.pem"), Pki.pem(signer.key()));
        Path cert = Files.writeString(work.resolve("signing-cert.pem"), Pki.pem(signer.certificate()));
        return new Releases(StationUnderTest.DISTRIBUTION, key, cert).withChangedBundle(work, firmwareVersion,
                CHANGED_BUNDLE, change);
    }

    // --- OCPP ------------------------------------------------------------------------------------------------

    private String startCharging() throws Exception {
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        station.post("/api/v1/rfid", CARD, 202);
        Frame started = csms.awaitFrame(mark, f -> f.isCall() && "TransactionEvent".equals(f.action())
                && "Started".equals(f.payload().at("/eventType").asText()), WAIT);
        String txId = started.payload().at("/transactionInfo/transactionId").asText();
        csms.awaitFrame(mark, f -> f.isCall() && "TransactionEvent".equals(f.action())
                && "Charging".equals(f.payload().at("/transactionInfo/chargingState").asText()), WAIT);
        return txId;
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

    private static boolean isTxEvent(Frame f, String type, String txId) {
        return f.isCall() && "TransactionEvent".equals(f.action()) && type.equals(f.payload().at("/eventType").asText())
                && txId.equals(f.payload().at("/transactionInfo/transactionId").asText());
    }

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

}
