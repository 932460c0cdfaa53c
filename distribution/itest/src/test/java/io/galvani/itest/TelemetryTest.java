package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Replies;
import io.galvani.telemetry.testing.MosquittoBroker;
import io.galvani.telemetry.testing.MqttRecorder;
import io.galvani.telemetry.testing.MqttRecorder.Received;

/**
 * MQTT telemetry of the booted distribution ({@code STATION_MQTT_URL} pointing at a real Mosquitto on loopback): a
 * charging session driven through the local API shows up as status, connector, meter, transaction and OCPP link
 * messages under {@code galvani/{stationId}/}.
 */
class TelemetryTest extends StationTestBase {
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path brokerDir;

    @Test
    void aChargingSessionIsPublishedUnderTheTopicScheme() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder(brokerDir).start();
                MqttRecorder mqtt = MqttRecorder.subscribe(broker, "galvani/#")) {
            csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
            station = station().env("STATION_MQTT_URL", broker.url()).env("STATION_MQTT_METER_INTERVAL_MS", "500")
                    .start();
            awaitCall(0, "StatusNotification");
            String root = "galvani/" + station.id() + "/";

            assertThat(json(last(mqtt, root + "status")).path("state").asText()).isEqualTo("online");
            await().atMost(WAIT).until(() -> mqtt.on(root + "ocpp/link").stream()
                    .anyMatch(r -> json(r).path("state").asText().equals("connected")));
            assertThat(json(last(mqtt, root + "evse/1/connector/1/status")).path("status").asText())
                    .isEqualTo("Available");
            assertThat(json(last(mqtt, root + "firmware/update")).path("status").asText())
                    .as("no firmware update runs").isEqualTo("Idle");

            int mark = csms.mark();
            station.post("/api/v1/evses/1/plug", "", 200);
            station.post("/api/v1/rfid", CARD, 202);
            Frame started = csms.awaitFrame(mark, f -> f.dir() == Direction.TO_CSMS && f.isCall()
                    && "TransactionEvent".equals(f.action()) && "Started".equals(f.payload().path("eventType").asText()),
                    WAIT);
            String txId = started.payload().at("/transactionInfo/transactionId").asText();
            await().atMost(WAIT).until(() -> mqtt.on(root + "evse/1/connector/1/status").stream()
                    .anyMatch(r -> json(r).path("status").asText().equals("Occupied")));
            await().atMost(WAIT).until(() -> mqtt.on(root + "evse/1/meter").stream()
                    .filter(r -> json(r).path("transactionId").asText().equals(txId)
                            && json(r).path("energyWh").asDouble() > 0)
                    .count() >= 3);

            station.post("/api/v1/rfid", CARD, 202);
            await().atMost(WAIT).until(() -> !mqtt.on(root + "evse/1/transaction").isEmpty());
            JsonNode summary = json(last(mqtt, root + "evse/1/transaction"));
            assertThat(summary.path("transactionId").asText()).isEqualTo(txId);
            assertThat(summary.path("energyWh").asDouble()).isPositive();
            assertThat(summary.path("stoppedReason").asText()).isEqualTo("Local");
            assertThat(summary.path("idTokenHint").asText()).doesNotContain("04A2B3C4D5E6F7");
            List<String> phases = mqtt.on(root + "evse/1/session").stream().map(r -> json(r).path("phase").asText())
                    .toList();
            assertThat(phases).contains("CHARGING", "FINISHED");
            // The transport's statistics (every 10 s): the calls of the session and their round trip.
            await().atMost(WAIT).until(() -> mqtt.on(root + "ocpp/link").stream()
                    .anyMatch(r -> json(r).path("callsSent").asLong() > 0 && json(r).has("roundTripMs")));
        }
    }

    private static Received last(MqttRecorder mqtt, String topic) {
        await().atMost(WAIT).until(() -> !mqtt.on(topic).isEmpty());
        List<Received> all = mqtt.on(topic);
        return all.get(all.size() - 1);
    }

    private static JsonNode json(Received r) {
        try {
            return JSON.readTree(r.payload());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.payload(), e);
        }
    }
}
