package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Pki;

/** UpdateFirmware (L01) against the booted distribution: what the CSMS sees before any image is installed. */
class FirmwareTest extends StationTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Pki manufacturer = Pki.create("Galvani manufacturer root");
    private final Pki stranger = Pki.create("Unknown manufacturer root");

    @Test
    void L01_FR22_signingCertificateFromAnUnknownRoot_InvalidCertificateAndSecurityEvent() throws Exception {
        bootWithManufacturerRoot(manufacturer);
        int mark = csms.mark();

        JsonNode response = call("UpdateFirmware", updateFirmware(3, "https://fw.example.com/galvani.zip",
                stranger.station("firmware-signing", "Stranger")));

        assertThat(response.at("/status").asText()).isEqualTo("InvalidCertificate");
        Frame event = csms.awaitFrame(mark, f -> f.isCall() && "SecurityEventNotification".equals(f.action()),
                WAIT);
        assertThat(event.payload().at("/type").asText()).isEqualTo("InvalidFirmwareSigningCertificate");
        assertThat(firmwareStatuses(mark)).isEmpty();
    }

    @Test
    void L01_FR30_unreachableDownloadServer_DownloadFailedAfterTheRetries_triggerReportsIt() throws Exception {
        bootWithManufacturerRoot(manufacturer);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int mark = csms.mark();

        ObjectNode request = updateFirmware(5, "http://127.0.0.1:" + closedPort + "/galvani-1.1.0.zip",
                manufacturer.station("firmware-signing", "Galvani"));
        request.put("retries", 2).put("retryInterval", 1);
        assertThat(call("UpdateFirmware", request).at("/status").asText()).isEqualTo("Accepted");

        Frame failed = csms.awaitFrame(mark, f -> f.isCall() && "FirmwareStatusNotification".equals(f.action())
                && "DownloadFailed".equals(f.payload().at("/status").asText()), WAIT);
        assertThat(failed.payload().at("/requestId").asInt()).isEqualTo(5);
        assertThat(firmwareStatuses(mark)).containsExactly("Downloading#5", "DownloadFailed#5");

        int beforeTrigger = csms.mark();
        assertThat(call("TriggerMessage", "{\"requestedMessage\":\"FirmwareStatusNotification\"}").at("/status")
                .asText()).isEqualTo("Accepted");
        Frame triggered = awaitCall(beforeTrigger, "FirmwareStatusNotification");
        assertThat(triggered.payload().at("/status").asText()).as("L01.FR.26: the last status sent")
                .isEqualTo("DownloadFailed");
        assertThat(triggered.payload().at("/requestId").asInt()).isEqualTo(5);
    }

    @Test
    void bundleStopped_operationsAnswersIdle_noThreadLeft_restartedBundleReportsTheStoredStatus() throws Exception {
        bootWithManufacturerRoot(manufacturer);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int mark = csms.mark();
        ObjectNode request = updateFirmware(6, "ftp://fw:S3cret@127.0.0.1:" + closedPort + "/galvani-1.1.0.zip",
                manufacturer.station("firmware-signing", "Galvani"));
        request.put("retries", 0);
        assertThat(call("UpdateFirmware", request).at("/status").asText()).isEqualTo("Accepted");
        csms.awaitFrame(mark, f -> f.isCall() && "FirmwareStatusNotification".equals(f.action())
                && "DownloadFailed".equals(f.payload().at("/status").asText()), WAIT);

        org.osgi.framework.Bundle firmware = station.bundle("io.galvani.firmware");
        firmware.stop();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("galvani-firmware")));
        assertThat(triggeredStatus()).as("the operations bundle's answer while none runs").isEqualTo("Idle#");

        firmware.start();
        assertThat(triggeredStatus()).as("L01.FR.26 across a restart of the bundle").isEqualTo("DownloadFailed#6");
    }

    private String triggeredStatus() throws Exception {
        int mark = csms.mark();
        assertThat(call("TriggerMessage", "{\"requestedMessage\":\"FirmwareStatusNotification\"}").at("/status")
                .asText()).isEqualTo("Accepted");
        Frame f = awaitCall(mark, "FirmwareStatusNotification");
        return f.payload().at("/status").asText() + "#" + f.payload().at("/requestId").asText();
    }

    private static ObjectNode updateFirmware(int requestId, String location, Pki.Issued signer) {
        ObjectNode request = JSON.createObjectNode().put("requestId", requestId);
        request.putObject("firmware").put("location", location)
                .put("retrieveDateTime", java.time.Instant.now().minusSeconds(60).toString())
                .put("signingCertificate", Pki.pem(signer.certificate()))
                .put("signature", java.util.Base64.getEncoder().encodeToString(new byte[64]));
        return request;
    }

    private List<String> firmwareStatuses(int since) {
        return csms.frames().subList(since, csms.frames().size()).stream()
                .filter(f -> f.isCall() && "FirmwareStatusNotification".equals(f.action()))
                .map(f -> f.payload().at("/status").asText() + "#" + f.payload().at("/requestId").asText()).toList();
    }

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private JsonNode call(String action, ObjectNode payload) throws Exception {
        return call(action, payload.toString());
    }
}
