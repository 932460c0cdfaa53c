package io.galvani.telemetry.internal;

import static io.galvani.telemetry.internal.Harness.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.security.api.SecurityEvent;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.telemetry.testing.MosquittoBroker;
import io.galvani.telemetry.testing.MqttRecorder;
import io.galvani.telemetry.testing.MqttRecorder.Received;
import io.galvani.telemetry.testing.TestPki;
import io.galvani.transactions.api.SessionPhase;

/** The pipeline against a real Mosquitto broker on loopback. */
class BrokerTelemetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "galvani/ST-1/";

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private MqttRecorder recorder;
    private Harness station;
    private ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void mosquittoInstalled() {
        assertThat(MosquittoBroker.installed()).as("mosquitto installed (apt-get install mosquitto)").isTrue();
    }

    @AfterEach
    void tearDown() {
        if (station != null) {
            station.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (log != null) {
            ((Logger) LoggerFactory.getLogger(TelemetryPipeline.class)).detachAppender(log);
        }
    }

    @Test
    void publishesStationDataUnderTheTopicScheme() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).start();
        recorder = MqttRecorder.subscribe(broker, "galvani/#");
        station = new Harness(new Configs(broker.url()), dir.resolve("buffer.db"));

        Received online = awaitOne(ROOT + "status");
        assertThat(json(online).get("state").asText()).isEqualTo("online");
        assertThat(json(online).get("firmwareVersion").asText()).isEqualTo("1.2.3");
        try (MqttRecorder late = MqttRecorder.subscribe(broker, ROOT + "status")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> late.all().stream()
                    .anyMatch(r -> r.retained() && r.payload().contains("\"online\"")));
        }

        station.pipeline.connectorChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        JsonNode connector = json(awaitOne(ROOT + "evse/1/connector/1/status"));
        assertThat(connector.get("status").asText()).isEqualTo("Occupied");
        assertThat(connector.get("plugged").asBoolean()).isTrue();
        assertThat(connector.get("type").asText()).isEqualTo("cCCS2");

        station.pipeline.sessionChanged(session(1, SessionPhase.CHARGING, "TX-1", 1200.0, 50000.0));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.on(ROOT + "evse/1/meter").size() >= 3);
        JsonNode meter = json(recorder.on(ROOT + "evse/1/meter").get(0));
        assertThat(meter.get("transactionId").asText()).isEqualTo("TX-1");
        assertThat(meter.get("energyWh").asDouble()).isEqualTo(1200.0);
        assertThat(meter.get("powerW").asDouble()).isEqualTo(50000.0);
        assertThat(meter.get("stateOfChargePct").asDouble()).isEqualTo(55.0);
        assertThat(json(awaitOne(ROOT + "evse/1/session")).get("phase").asText()).isEqualTo("CHARGING");

        station.pipeline.sessionChanged(session(1, SessionPhase.FINISHED, "TX-1", 4200.0, 0.0));
        JsonNode summary = json(awaitOne(ROOT + "evse/1/transaction"));
        assertThat(summary.get("transactionId").asText()).isEqualTo("TX-1");
        assertThat(summary.get("energyWh").asDouble()).isEqualTo(4200.0);
        assertThat(summary.get("durationSeconds").asLong()).isEqualTo(300);
        assertThat(summary.get("stoppedReason").asText()).isEqualTo("Local");
        assertThat(summary.get("idTokenHint").asText()).isEqualTo("****F7E6");
        int metersAtEnd = recorder.on(ROOT + "evse/1/meter").size();

        station.pipeline.securityEvent(new SecurityEvent(Instant.parse("2026-12-05T10:00:00Z"),
                "TamperDetectionActivated", "cabinet door", true));
        JsonNode security = json(awaitOne(ROOT + "security/event"));
        assertThat(security.get("type").asText()).isEqualTo("TamperDetectionActivated");
        assertThat(security.get("critical").asBoolean()).isTrue();
        assertThat(security.get("at").asText()).isEqualTo("2026-12-05T10:00:00Z");

        JsonNode link = json(awaitOne(ROOT + "ocpp/link"));
        assertThat(link.get("state").asText()).isEqualTo("connected");
        assertThat(link.get("roundTripMs").asDouble()).isEqualTo(12.0);
        assertThat(link.get("reconnects").asLong()).isEqualTo(1);
        assertThat(link.get("outboxQueued").asInt()).isEqualTo(3);
        station.link = new LinkStatus(false, "ws://csms.example/ocpp/ST-1", 1, Instant.EPOCH, 4, "refused");
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.on(ROOT + "ocpp/link").stream()
                .anyMatch(r -> r.payload().contains("\"disconnected\"") && r.payload().contains("\"queuedCalls\":4")));
        assertThat(json(awaitOne(ROOT + "telemetry")).has("published")).isTrue();

        station.pipeline.bundleChanged("UPDATED", "io.galvani.display", "0.1.1");
        JsonNode bundle = json(awaitOne(ROOT + "bundle"));
        assertThat(bundle.get("event").asText()).isEqualTo("UPDATED");
        assertThat(bundle.get("symbolicName").asText()).isEqualTo("io.galvani.display");
        assertThat(json(awaitOne(ROOT + "firmware")).get("firmwareVersion").asText()).isEqualTo("1.2.3");

        station.pipeline.firmwareStatus(new FirmwareUpdateStatus(42, "Installing"));
        JsonNode update = json(awaitOne(ROOT + "firmware/update"));
        assertThat(update.get("status").asText()).isEqualTo("Installing");
        assertThat(update.get("requestId").asInt()).isEqualTo(42);

        // No meter samples once the transaction finished.
        assertThat(recorder.on(ROOT + "evse/1/meter")).hasSize(metersAtEnd);
        assertThat(station.pipeline.queueDropped()).isZero();
    }

    @Test
    void brokerRestartDeliversTheBufferedMessagesInOrder() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).persistent().start();
        recorder = MqttRecorder.durable(broker, ROOT + "security/#");
        station = new Harness(new Configs(broker.url()), dir.resolve("buffer.db"));
        await().atMost(Duration.ofSeconds(10)).until(station.pipeline::brokerConnected);

        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !station.pipeline.brokerConnected());
        for (int i = 0; i < 200; i++) {
            station.pipeline.securityEvent(new SecurityEvent(Instant.now(), "InvalidMessages", "n=" + i, false));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> station.pipeline.buffered() >= 200);

        broker.start();
        recorder.reconnect();
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.all().size() >= 200);
        List<String> order = recorder.all().stream().map(r -> json(r).get("techInfo").asText()).distinct().toList();
        assertThat(order).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(order.get(i)).isEqualTo("n=" + i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> station.pipeline.buffered() == 0);
    }

    @Test
    void whatWasNotSentSurvivesARestartOfTheStation() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).start();
        Configs config = new Configs(broker.url());
        broker.stop();
        station = new Harness(config, dir.resolve("buffer.db"));
        station.pipeline.securityEvent(new SecurityEvent(Instant.now(), "InvalidMessages", "kept", false));
        await().atMost(Duration.ofSeconds(5)).until(() -> station.pipeline.buffered() >= 1);
        station.close();

        broker.start();
        recorder = MqttRecorder.subscribe(broker, ROOT + "security/#");
        station = new Harness(config, dir.resolve("buffer.db"));
        assertThat(json(awaitOne(ROOT + "security/event")).get("techInfo").asText()).isEqualTo("kept");
    }

    @Test
    void passwordAuthentication() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).user("station", "right-password-123")
                .user("fleet", "fleet-password-456").start();
        recorder = MqttRecorder.subscribe(broker, "galvani/#", "fleet", "fleet-password-456");
        station = new Harness(new Configs(broker.url()).user("station", "right-password-123"),
                dir.resolve("buffer.db"));
        assertThat(json(awaitOne(ROOT + "status")).get("state").asText()).isEqualTo("online");
    }

    @Test
    void wrongCredentialsGiveOneClearWarningAndRetriesWithBackOff() throws Exception {
        log = capture();
        broker = MosquittoBroker.builder(dir.resolve("broker")).user("station", "right-password-123").start();
        station = new Harness(new Configs(broker.url()).user("station", "wrong-password-999"),
                dir.resolve("buffer.db"));
        // Back-off 1 s, 2 s (+ up to 25 %): the third attempt comes within about 4 s.
        await().atMost(Duration.ofSeconds(15)).until(() -> refusals(broker.log()) >= 3);
        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains(broker.url(), "refused the connection", "reason code 13")
                .doesNotContain("wrong-password-999");
        assertThat(station.pipeline.brokerConnected()).isFalse();
    }

    @Test
    void tlsWithClientCertificate() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path cert = pki.issue("station", "ST-1", false);
        broker = MosquittoBroker.builder(dir.resolve("broker")).tls(pki).start();
        recorder = MqttRecorder.subscribe(broker, "galvani/#");
        station = new Harness(new Configs(broker.tlsUrl()).tls(pki.caCertificate(), cert, pki.key("station")),
                dir.resolve("buffer.db"));
        assertThat(json(awaitOne(ROOT + "status")).get("state").asText()).isEqualTo("online");
        station.pipeline.securityEvent(new SecurityEvent(Instant.now(), "InvalidMessages", "over TLS", false));
        assertThat(json(awaitOne(ROOT + "security/event")).get("techInfo").asText()).isEqualTo("over TLS");
    }

    @Test
    void tlsWithoutTheRequiredClientCertificateIsRefusedWithOneWarning() throws Exception {
        log = capture();
        TestPki pki = TestPki.create(dir.resolve("pki"));
        broker = MosquittoBroker.builder(dir.resolve("broker")).tls(pki).start();
        station = new Harness(new Configs(broker.tlsUrl()).tls(pki.caCertificate(), null, null),
                dir.resolve("buffer.db"));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN));
        assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN).findFirst().orElseThrow()
                .getFormattedMessage()).contains(broker.tlsUrl(), "not reachable");
        assertThat(station.pipeline.brokerConnected()).isFalse();
    }

    @Test
    void aLostConnectionMakesTheBrokerPublishTheLastWillThenTheStationIsOnlineAgain() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).start();
        recorder = MqttRecorder.subscribe(broker, ROOT + "status");
        try (CuttableProxy proxy = new CuttableProxy(broker.port())) {
            station = new Harness(new Configs("mqtt://127.0.0.1:" + proxy.port()), dir.resolve("buffer.db"));
            awaitOne(ROOT + "status");
            recorder.clear();
            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.on(ROOT + "status").isEmpty());
            JsonNode will = json(recorder.on(ROOT + "status").get(0));
            assertThat(will.get("state").asText()).isEqualTo("offline");
            assertThat(will.get("reason").asText()).isEqualTo("connection lost");
            await().atMost(Duration.ofSeconds(15)).until(() -> recorder.on(ROOT + "status").stream()
                    .anyMatch(r -> r.payload().contains("\"online\"")));
        }
    }

    @Test
    void aCleanStopSaysOfflineAndLeavesNoThread() throws Exception {
        broker = MosquittoBroker.builder(dir.resolve("broker")).start();
        recorder = MqttRecorder.subscribe(broker, ROOT + "status");
        station = new Harness(new Configs(broker.url()), dir.resolve("buffer.db"));
        awaitOne(ROOT + "status");
        station.close();
        station = null;
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.on(ROOT + "status").stream()
                .anyMatch(r -> r.payload().contains("\"offline\"") && r.payload().contains("\"stopped\"")));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet()
                .stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("galvani-telemetry") || t.getName().contains("ST-1"))
                .map(t -> t.getName() + " " + java.util.Arrays.toString(t.getStackTrace())))
                .isEmpty());
    }

    /** Connections the broker refused for bad credentials. */
    private static long refusals(String brokerLog) {
        return brokerLog.lines().filter(l -> l.contains("disconnected, not authorised")).count();
    }

    private Received awaitOne(String topic) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.on(topic).isEmpty());
        List<Received> all = recorder.on(topic);
        return all.get(all.size() - 1);
    }

    private static JsonNode json(Received r) {
        try {
            return JSON.readTree(r.payload());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.payload(), e);
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(TelemetryPipeline.class);
        logger.addAppender(appender);
        return appender;
    }
}
