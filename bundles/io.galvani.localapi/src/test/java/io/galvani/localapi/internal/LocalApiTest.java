package io.galvani.localapi.internal;

import static io.galvani.localapi.internal.Fakes.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.localapi.internal.Fakes.FakeDisplay;
import io.galvani.localapi.internal.Fakes.FakeEv;
import io.galvani.localapi.internal.Fakes.FakeLink;
import io.galvani.localapi.internal.Fakes.FakeRegistration;
import io.galvani.localapi.internal.Fakes.FakeSessions;
import io.galvani.localapi.internal.Fakes.FakeStation;
import io.galvani.localapi.internal.Fakes.FakeTokenReader;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** The API over real HTTP on loopback, with fakes for the other bundles. */
class LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private FakeStation station;
    private FakeEv ev1;
    private FakeEv ev2c2;
    private FakeTokenReader reader;
    private FakeLink link;
    private FakeRegistration registration;
    private LocalApi api;

    @BeforeEach
    void startWithAllCollaborators() {
        station = new FakeStation().connector(1, 1, "cCCS2").connector(2, 1, "cCCS2").connector(2, 2, "cCCS1");
        api = new LocalApi(config(0), station, "CS-TEST-1");
        ev1 = new FakeEv(station, 1, 1);
        ev2c2 = new FakeEv(station, 2, 2);
        api.bindEvSimulator(ev1, ev1.properties());
        api.bindEvSimulator(ev2c2, ev2c2.properties());
        reader = new FakeTokenReader();
        api.bindTokenSimulator(reader, Map.of("hal.evse.id", 0));
        link = new FakeLink();
        api.bindOcppLink(link);
        registration = new FakeRegistration();
        api.bindRegistration(registration);
        api.bindDisplay(new FakeDisplay("EVSE 1 display"), Map.of("hal.evse.id", 1));
        api.bindDisplay(new FakeDisplay("Welcome", "Present card"), Map.of("hal.evse.id", 0));
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    // ---- GET /api/v1/device-model ----

    @Test
    void deviceModel_listsVariablesButNeverAWriteOnlyValue() throws Exception {
        assertThat(get("/api/v1/device-model").statusCode()).isEqualTo(503);
        io.galvani.devicemodel.api.VariableDefinition password = io.galvani.devicemodel.api.VariableDefinition.builder(
                io.galvani.devicemodel.api.ComponentKey.of("SecurityCtrlr"),
                io.galvani.devicemodel.api.VariableKey.of("BasicAuthPassword"),
                io.galvani.devicemodel.api.Characteristics.string())
                .actual(io.galvani.devicemodel.api.VariableAttribute.writeOnly("pid", ".basicAuthPassword")).build();
        io.galvani.devicemodel.api.VariableDefinition type = io.galvani.devicemodel.api.VariableDefinition.builder(
                io.galvani.devicemodel.api.ComponentKey.of("Connector").atConnector(1, 1),
                io.galvani.devicemodel.api.VariableKey.of("ConnectorType"),
                io.galvani.devicemodel.api.Characteristics.string())
                .actual(io.galvani.devicemodel.api.VariableAttribute.readOnly(
                        io.galvani.devicemodel.api.ValueSource.constant("cCCS2"))).build();
        api.bindDeviceModel(new io.galvani.devicemodel.api.DeviceModel() {
            @Override
            public java.util.List<io.galvani.devicemodel.api.VariableDefinition> definitions() {
                return java.util.List.of(type, password);
            }

            @Override
            public java.util.Optional<io.galvani.devicemodel.api.VariableDefinition> definition(
                    io.galvani.devicemodel.api.ComponentKey c, io.galvani.devicemodel.api.VariableKey v) {
                return java.util.Optional.empty();
            }

            @Override
            public io.galvani.devicemodel.api.VariableRead read(io.galvani.devicemodel.api.ComponentKey c,
                    io.galvani.devicemodel.api.VariableKey v, io.galvani.ocpp.model.types.AttributeEnumType a) {
                return v.name().equals("ConnectorType") ? io.galvani.devicemodel.api.VariableRead.accepted("cCCS2")
                        : io.galvani.devicemodel.api.VariableRead.accepted("s3cr3t-must-not-leak");
            }

            @Override
            public io.galvani.devicemodel.api.VariableWrite write(io.galvani.devicemodel.api.ComponentKey c,
                    io.galvani.devicemodel.api.VariableKey v, io.galvani.ocpp.model.types.AttributeEnumType a, String value) {
                throw new UnsupportedOperationException();
            }
        });
        HttpResponse<String> r = get("/api/v1/device-model");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("s3cr3t");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/variables/0/component").asText()).isEqualTo("Connector");
        assertThat(body.at("/variables/0/evseId").asInt()).isEqualTo(1);
        assertThat(body.at("/variables/0/connectorId").asInt()).isEqualTo(1);
        assertThat(body.at("/variables/0/attributes/0/value").asText()).isEqualTo("cCCS2");
        assertThat(body.at("/variables/1/attributes/0/mutability").asText()).isEqualTo("WriteOnly");
        assertThat(body.at("/variables/1/attributes/0").has("value")).isFalse();
    }

    // ---- GET /api/v1/status ----

    @Test
    void status_reportsStationOcppAndEvses() throws Exception {
        HttpResponse<String> r = get("/api/v1/status");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("stationId").asText()).isEqualTo("CS-TEST-1");
        assertThat(body.at("/ocpp/connected").asBoolean()).isTrue();
        assertThat(body.at("/ocpp/registrationStatus").asText()).isEqualTo("Accepted");
        assertThat(body.at("/ocpp/endpoint").asText()).isEqualTo("ws://127.0.0.1:9000/ocpp/CS-TEST-1");
        assertThat(body.get("evses")).hasSize(2);
        assertThat(body.at("/evses/0/id").asInt()).isEqualTo(1);
        assertThat(body.at("/evses/0/connectors/0/id").asInt()).isEqualTo(1);
        assertThat(body.at("/evses/0/connectors/0/type").asText()).isEqualTo("cCCS2");
        assertThat(body.at("/evses/0/connectors/0/status").asText()).isEqualTo("Available");
        assertThat(body.at("/evses/0/transactionId").isNull()).isTrue();
        assertThat(body.at("/evses/0/chargingState").isNull()).isTrue();
        assertThat(body.at("/evses/0/session").isNull()).isTrue();
        assertThat(body.at("/evses/1/connectors")).hasSize(2);
        assertThat(body.at("/evses/1/connectors/1/type").asText()).isEqualTo("cCCS1");
    }

    @Test
    void status_withoutOcppBundles_isDisconnectedAndUnknown() throws Exception {
        api.unbindOcppLink(link);
        api.unbindRegistration(registration);

        JsonNode body = JSON.readTree(get("/api/v1/status").body());

        assertThat(body.at("/ocpp/connected").asBoolean()).isFalse();
        assertThat(body.at("/ocpp/registrationStatus").asText()).isEqualTo("Unknown");
        assertThat(body.at("/ocpp/endpoint").isNull()).isTrue();
        assertThat(body.at("/ocpp/lastError").isNull()).isTrue();
    }

    @Test
    void status_followsRegistrationAndLink() throws Exception {
        registration.status = RegistrationStatus.Pending;
        link.connected = false;

        JsonNode body = JSON.readTree(get("/api/v1/status").body());

        assertThat(body.at("/ocpp/registrationStatus").asText()).isEqualTo("Pending");
        assertThat(body.at("/ocpp/connected").asBoolean()).isFalse();
    }

    @Test
    void status_showsTheOutboxQueue_whileTheOutboxRuns() throws Exception {
        assertThat(JSON.readTree(get("/api/v1/status").body()).at("/ocpp/queued").isNull()).isTrue();
        java.time.Instant oldest = java.time.Instant.parse("2026-12-05T10:00:00Z");
        io.galvani.outbox.api.Outbox outbox = new io.galvani.outbox.api.Outbox() {
            @Override
            public java.util.List<java.util.concurrent.CompletionStage<io.galvani.ocpp.model.OcppResponse>> commit(
                    io.galvani.outbox.api.OutboxCommit commit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Map<String, String> state(String namespace) {
                return java.util.Map.of();
            }

            @Override
            public io.galvani.outbox.api.OutboxStatus status() {
                return new io.galvani.outbox.api.OutboxStatus(42, 100_000, oldest, 7, 0, true);
            }

            @Override
            public boolean queueAllMessages() {
                return false;
            }
        };
        api.bindOutbox(outbox);

        JsonNode body = JSON.readTree(get("/api/v1/status").body());
        assertThat(body.at("/ocpp/queued").asInt()).isEqualTo(42);
        assertThat(body.at("/ocpp/oldestQueued").asText()).isEqualTo("2026-12-05T10:00:00Z");

        api.unbindOutbox(outbox);
        assertThat(JSON.readTree(get("/api/v1/status").body()).at("/ocpp/queued").isNull()).isTrue();
    }

    // ---- sessions (transaction bundle) ----

    private static final String FULL_TOKEN = "04A2B3C4D5E6F7";

    private static SessionView chargingOn1(String idTokenHint) {
        return new SessionView(1, SessionPhase.CHARGING, "TX-0001", "Charging", idTokenHint,
                Instant.parse("2025-03-01T10:00:00Z"), Duration.ofSeconds(754), 12_345.6, 150_349.0, 44.5, null, null);
    }

    @Test
    void status_withSessions_fillsTransactionChargingStateAndSession() throws Exception {
        api.bindSessions(new FakeSessions().put(chargingOn1("****D5E6"))
                .put(new SessionView(2, SessionPhase.FINISHED, "TX-0002", "EVConnected", "****AB12",
                        Instant.parse("2025-03-01T09:00:00Z"), Duration.ofMinutes(30), 23_456.0, 0.0, null,
                        "Stopped at station", "Local")));

        JsonNode body = JSON.readTree(get("/api/v1/status").body());

        assertThat(body.at("/evses/0/transactionId").asText()).isEqualTo("TX-0001");
        assertThat(body.at("/evses/0/chargingState").asText()).isEqualTo("Charging");
        JsonNode session = body.at("/evses/0/session");
        assertThat(session.fieldNames()).toIterable().containsExactly("phase", "energyWh", "powerW", "soc",
                "elapsedSeconds", "message", "stoppedReason");
        assertThat(session.get("phase").asText()).isEqualTo("CHARGING");
        assertThat(session.get("energyWh").asDouble()).isEqualTo(12_345.6);
        assertThat(session.get("powerW").asDouble()).isEqualTo(150_349.0);
        assertThat(session.get("soc").asDouble()).isEqualTo(44.5);
        assertThat(session.get("elapsedSeconds").asLong()).isEqualTo(754);
        assertThat(session.get("message").isNull()).isTrue();
        assertThat(session.get("stoppedReason").isNull()).isTrue();
        assertThat(body.at("/evses/1/transactionId").asText()).isEqualTo("TX-0002");
        assertThat(body.at("/evses/1/chargingState").asText()).isEqualTo("EVConnected");
        assertThat(body.at("/evses/1/session/phase").asText()).isEqualTo("FINISHED");
        assertThat(body.at("/evses/1/session/soc").isNull()).isTrue();
        assertThat(body.at("/evses/1/session/message").asText()).isEqualTo("Stopped at station");
        assertThat(body.at("/evses/1/session/stoppedReason").asText()).isEqualTo("Local");
    }

    @Test
    void status_anEvseWithoutSessionView_andSessionsGone_areNulls() throws Exception {
        FakeSessions sessions = new FakeSessions().put(chargingOn1("****D5E6"));
        api.bindSessions(sessions);

        JsonNode body = JSON.readTree(get("/api/v1/status").body());
        assertThat(body.at("/evses/1/transactionId").isNull()).isTrue();
        assertThat(body.at("/evses/1/session").isNull()).isTrue();

        api.unbindSessions(sessions);
        body = JSON.readTree(get("/api/v1/status").body());
        assertThat(body.at("/evses/0/transactionId").isNull()).isTrue();
        assertThat(body.at("/evses/0/chargingState").isNull()).isTrue();
        assertThat(body.at("/evses/0/session").isNull()).isTrue();
    }

    @Test
    void status_neverShowsAnIdToken_andNonFiniteValuesAreNull() throws Exception {
        api.bindSessions(new FakeSessions().put(new SessionView(1, SessionPhase.CHARGING, "TX-1", "Charging",
                FULL_TOKEN, null, null, Double.NaN, Double.POSITIVE_INFINITY, null, null, null)));

        HttpResponse<String> r = get("/api/v1/status");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("D5E6F7").doesNotContain("idToken");
        JsonNode session = JSON.readTree(r.body()).at("/evses/0/session");
        assertThat(session.get("energyWh").isNull()).isTrue();
        assertThat(session.get("powerW").isNull()).isTrue();
        assertThat(session.get("elapsedSeconds").isNull()).isTrue();
    }

    @Test
    void sessions_listsEveryView() throws Exception {
        api.bindSessions(new FakeSessions().put(chargingOn1("****D5E6")).put(SessionView.idle(2)));

        HttpResponse<String> r = get("/api/v1/sessions");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode list = JSON.readTree(r.body());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("evseId", "transactionId", "chargingState",
                "idTokenHint", "startedAt", "phase", "energyWh", "powerW", "soc", "elapsedSeconds", "message",
                "stoppedReason");
        assertThat(first.get("evseId").asInt()).isEqualTo(1);
        assertThat(first.get("transactionId").asText()).isEqualTo("TX-0001");
        assertThat(first.get("idTokenHint").asText()).isEqualTo("****D5E6");
        assertThat(first.get("startedAt").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(first.get("elapsedSeconds").asLong()).isEqualTo(754);
        JsonNode idle = list.get(1);
        assertThat(idle.get("evseId").asInt()).isEqualTo(2);
        assertThat(idle.get("phase").asText()).isEqualTo("IDLE");
        assertThat(idle.get("transactionId").isNull()).isTrue();
        assertThat(idle.get("idTokenHint").isNull()).isTrue();
        assertThat(idle.get("startedAt").isNull()).isTrue();
    }

    @Test
    void sessions_aHintThatIsNotMasked_isMaskedHere() throws Exception {
        api.bindSessions(new FakeSessions().put(chargingOn1(FULL_TOKEN)));

        HttpResponse<String> r = get("/api/v1/sessions");

        assertThat(r.body()).doesNotContain(FULL_TOKEN).doesNotContain("D5E6F7");
        assertThat(JSON.readTree(r.body()).get(0).get("idTokenHint").asText()).isEqualTo("****E6F7");
    }

    @Test
    void sessions_withoutTheTransactionBundle_is503() throws Exception {
        assertError(get("/api/v1/sessions"), 503, "io.galvani.transactions");
    }

    @Test
    void sessions_otherMethods_are405() throws Exception {
        HttpResponse<String> r = post("/api/v1/sessions", "{}");

        assertError(r, 405, "method POST not allowed on /api/v1/sessions");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void maskedHint_showsAtMostFourCharactersAndNeverHalfAnUnmaskedToken() {
        assertThat(SessionJson.maskedHint("****F7E6")).isEqualTo("****F7E6");
        assertThat(SessionJson.maskedHint("**E6")).isEqualTo("****E6");
        assertThat(SessionJson.maskedHint("*****")).isEqualTo("****");
        assertThat(SessionJson.maskedHint("**123456789")).isEqualTo("****6789");
        assertThat(SessionJson.maskedHint(FULL_TOKEN)).isEqualTo("****E6F7");
        assertThat(SessionJson.maskedHint("1234")).isEqualTo("****34");
        assertThat(SessionJson.maskedHint("1")).isEqualTo("****");
        assertThat(SessionJson.maskedHint("")).isNull();
        assertThat(SessionJson.maskedHint(null)).isNull();
    }

    // ---- plug / unplug ----

    @Test
    void plug_returnsTheOccupiedConnector() throws Exception {
        HttpResponse<String> r = post("/api/v1/evses/1/plug", "");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("evseId").asInt()).isEqualTo(1);
        assertThat(body.get("connectorId").asInt()).isEqualTo(1);
        assertThat(body.get("plugged").asBoolean()).isTrue();
        assertThat(body.get("status").asText()).isEqualTo("Occupied");
        assertThat(ev1.calls).containsExactly("plug");
        assertThat(JSON.readTree(get("/api/v1/status").body()).at("/evses/0/connectors/0/status").asText())
                .isEqualTo("Occupied");
    }

    @Test
    void unplug_returnsTheAvailableConnector_andRepeatingIsHarmless() throws Exception {
        post("/api/v1/evses/1/plug", "");

        HttpResponse<String> first = post("/api/v1/evses/1/unplug", "");
        HttpResponse<String> again = post("/api/v1/evses/1/unplug", "");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("status").asText()).isEqualTo("Available");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("plugged").asBoolean()).isFalse();
    }

    @Test
    void plug_twiceIsIdempotent() throws Exception {
        post("/api/v1/evses/1/plug", "");

        HttpResponse<String> again = post("/api/v1/evses/1/plug", "");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("plugged").asBoolean()).isTrue();
    }

    @Test
    void plug_connectorIdQueryParameterSelectsTheConnector() throws Exception {
        HttpResponse<String> r = post("/api/v1/evses/2/plug?connectorId=2", "");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("connectorId").asInt()).isEqualTo(2);
        assertThat(ev2c2.calls).containsExactly("plug");
    }

    @Test
    void plug_unknownEvse_is404NamingIt() throws Exception {
        assertError(post("/api/v1/evses/9/plug", ""), 404, "unknown EVSE 9");
        assertError(post("/api/v1/evses/one/plug", ""), 404, "unknown EVSE one");
    }

    @Test
    void plug_unknownConnector_is404NamingIt() throws Exception {
        assertError(post("/api/v1/evses/1/plug?connectorId=3", ""), 404, "unknown connector 3 of EVSE 1");
    }

    @Test
    void plug_invalidConnectorId_is400NamingIt() throws Exception {
        assertError(post("/api/v1/evses/1/plug?connectorId=x", ""), 400, "connectorId");
    }

    @Test
    void plug_withoutEvSimulator_is503NamingWhatIsMissing() throws Exception {
        api.unbindEvSimulator(ev1);

        assertError(post("/api/v1/evses/1/plug", ""), 503, "no EV simulator for EVSE 1 connector 1");
        // EVSE 2 connector 1 never had one
        assertError(post("/api/v1/evses/2/unplug", ""), 503, "io.galvani.hal.sim.ev");
    }

    // ---- POST /api/v1/evses/{id}/ev ----

    @Test
    void ev_suspendAndResume() throws Exception {
        HttpResponse<String> r = post("/api/v1/evses/1/ev", "{\"suspend\": true}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("suspended").asBoolean()).isTrue();
        assertThat(post("/api/v1/evses/1/ev", "{\"suspend\": false}").statusCode()).isEqualTo(200);
        assertThat(ev1.calls).containsExactly("suspended=true", "suspended=false");
    }

    @Test
    void ev_missingOrInvalidSuspend_is400NamingTheField() throws Exception {
        assertError(post("/api/v1/evses/1/ev", "{}"), 400, "missing field suspend");
        assertError(post("/api/v1/evses/1/ev", "{\"suspend\": \"yes\"}"), 400, "field suspend must be true or false");
        assertError(post("/api/v1/evses/1/ev", "{\"suspended\": true}"), 400, "unknown field suspended");
        assertThat(ev1.calls).isEmpty();
    }

    @Test
    void ev_unknownEvse_is404() throws Exception {
        assertError(post("/api/v1/evses/5/ev", "{\"suspend\": true}"), 404, "unknown EVSE 5");
    }

    // ---- POST /api/v1/rfid ----

    @Test
    void rfid_presentsTheTokenWithDefaults() throws Exception {
        HttpResponse<String> r = post("/api/v1/rfid", "{\"idToken\": \"DEADBEEF\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode presented = JSON.readTree(r.body()).get("presented");
        assertThat(presented.get("idToken").asText()).isEqualTo("DEADBEEF");
        assertThat(presented.get("type").asText()).isEqualTo("ISO14443");
        assertThat(presented.get("evseId").asInt()).isZero();
        assertThat(reader.presented).containsExactly("DEADBEEF/ISO14443@0");
    }

    @Test
    void rfid_withTypeAndEvse() throws Exception {
        HttpResponse<String> r = post("/api/v1/rfid", "{\"idToken\": \"ABC\", \"type\": \"KeyCode\", \"evseId\": 2}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(reader.presented).containsExactly("ABC/KeyCode@2");
    }

    @Test
    void rfid_malformedJson_is400() throws Exception {
        assertError(post("/api/v1/rfid", "{\"idToken\": "), 400, "malformed JSON");
        assertError(post("/api/v1/rfid", "[1, 2]"), 400, "JSON object");
        assertError(post("/api/v1/rfid", ""), 400, "missing request body");
        assertThat(reader.presented).isEmpty();
    }

    @Test
    void rfid_missingOrInvalidFields_is400NamingTheField() throws Exception {
        assertError(post("/api/v1/rfid", "{\"type\": \"ISO14443\"}"), 400, "missing field idToken");
        assertError(post("/api/v1/rfid", "{\"idToken\": 42}"), 400, "field idToken must be a string");
        assertError(post("/api/v1/rfid", "{\"idToken\": \"A\", \"evseId\": -1}"), 400, "field evseId");
        assertError(post("/api/v1/rfid", "{\"idToken\": \"A\", \"evseId\": 1.5}"), 400, "field evseId");
        assertError(post("/api/v1/rfid", "{\"idToken\": \"A\", \"evse\": 1}"), 400, "unknown field evse");
    }

    @Test
    void rfid_simulatorValidation_is400WithItsMessage() throws Exception {
        assertError(post("/api/v1/rfid", "{\"idToken\": \"" + "X".repeat(37) + "\"}"), 400,
                "idToken is 37 characters long; at most 36 allowed");
        assertError(post("/api/v1/rfid", "{\"idToken\": \"A\", \"type\": \"Mifare\"}"), 400,
                "type Mifare is not an IdTokenEnumType value");
    }

    @Test
    void rfid_unknownEvse_is404() throws Exception {
        assertError(post("/api/v1/rfid", "{\"idToken\": \"A\", \"evseId\": 7}"), 404, "unknown EVSE 7");
    }

    @Test
    void rfid_withoutTokenSimulator_is503() throws Exception {
        api.unbindTokenSimulator(reader);

        assertError(post("/api/v1/rfid", "{\"idToken\": \"A\"}"), 503, "no token simulator");
    }

    @Test
    void tamper_opensAndClosesTheSimulatedEnclosure() throws Exception {
        java.util.List<Boolean> set = new java.util.ArrayList<>();
        io.galvani.hal.sim.api.TamperSimulator sensor = set::add;
        assertError(post("/api/v1/tamper", "{\"tampered\": true}"), 503, "no tamper simulator");
        api.bindTamperSimulator(sensor, Map.of("hal.evse.id", 0));

        assertThat(post("/api/v1/tamper", "{\"tampered\": true}").statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/tamper", "{\"tampered\": false}").statusCode()).isEqualTo(200);
        assertError(post("/api/v1/tamper", "{\"tampered\": \"yes\"}"), 400, "field tampered must be true");
        assertError(post("/api/v1/tamper", "{\"open\": true}"), 400, "open");

        assertThat(set).containsExactly(true, false);
    }

    @Test
    void rfid_prefersTheReaderOfTheEvse() throws Exception {
        FakeTokenReader evse2Reader = new FakeTokenReader();
        api.bindTokenSimulator(evse2Reader, Map.of("hal.evse.id", 2));

        post("/api/v1/rfid", "{\"idToken\": \"A\", \"evseId\": 2}");
        post("/api/v1/rfid", "{\"idToken\": \"B\", \"evseId\": 1}");

        assertThat(evse2Reader.presented).containsExactly("A/ISO14443@2");
        assertThat(reader.presented).containsExactly("B/ISO14443@1");
    }

    // ---- GET /api/v1/display ----

    @Test
    void display_showsTheStationWideDisplay() throws Exception {
        HttpResponse<String> r = get("/api/v1/display");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode lines = JSON.readTree(r.body()).get("lines");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).asText()).isEqualTo("Welcome");
        assertThat(lines.get(1).asText()).isEqualTo("Present card");
    }

    @Test
    void display_absent_is503() throws Exception {
        LocalApi bare = new LocalApi(config(0), station, "CS-TEST-2");
        bare.start();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bare.port() + "/api/v1/display")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(r, 503, "no display");
        } finally {
            bare.stop();
        }
    }

    // ---- protocol errors ----

    @Test
    void unknownPath_is404() throws Exception {
        assertError(get("/api/v1/nothing"), 404, "no resource /api/v1/nothing");
        assertError(get("/"), 404, "Not Found");
        assertError(post("/api/v1/evses/1/stop", ""), 404, "no resource");
    }

    @Test
    void wrongMethod_is405WithAllow() throws Exception {
        HttpResponse<String> r = post("/api/v1/status", "{}");
        assertError(r, 405, "method POST not allowed on /api/v1/status");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> g = get("/api/v1/evses/1/plug");
        assertError(g, 405, "method GET not allowed");
        assertThat(g.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> d = send(HttpRequest.newBuilder(uri("/api/v1/rfid")).DELETE().build());
        assertThat(d.statusCode()).isEqualTo(405);
        assertThat(d.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void bodyLargerThan16KiB_is413() throws Exception {
        String big = "{\"idToken\": \"" + "A".repeat(17 * 1024) + "\"}";
        assertError(post("/api/v1/rfid", big), 413, "16384");
        assertThat(reader.presented).isEmpty();
    }

    @Test
    void chunkedBodyLargerThan16KiB_is413() throws Exception {
        byte[] big = ("{\"idToken\": \"" + "A".repeat(17 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));

        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/rfid"))
                .header("Content-Type", "application/json").POST(chunked).build());

        assertError(r, 413, "16384");
    }

    @Test
    void bodyOfExactly16KiB_isAccepted() throws Exception {
        String prefix = "{\"idToken\": \"A\"}";
        String body = prefix + " ".repeat(16 * 1024 - prefix.length());

        assertThat(post("/api/v1/rfid", body).statusCode()).isEqualTo(202);
    }

    @Test
    void requestJettyRejects_isAlsoJson() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /api/v1/status HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).containsIgnoringCase("Content-Type: application/json");
            assertThat(response).contains("{\"error\":\"Bad Request");
        }
    }

    // ---- binding and lifecycle ----

    @Test
    void bindsLoopbackOnly() throws Exception {
        assertThat(api.address().getHostString()).isEqualTo("127.0.0.1");

        // Only the bound address is checked: tests send no traffic beyond loopback.
    }

    @Test
    void stop_freesThePortAndEndsItsThreads() throws Exception {
        int port = api.port();
        assertThat(apiThreads()).isPositive();

        api.stop();

        assertThat(apiThreads()).isZero();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        assertThatThrownBy(() -> send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/status"))
                .GET().build())).isInstanceOf(IOException.class);
    }

    @Test
    void stopAndStartAgainOnTheSamePort() throws Exception {
        int port = api.port();
        api.stop();
        LocalApi again = new LocalApi(config(port), station, "CS-TEST-1");
        again.start();
        try {
            assertThat(again.port()).isEqualTo(port);
            assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/status")).GET()
                    .build()).statusCode()).isEqualTo(200);
        } finally {
            again.stop();
        }
    }

    @Test
    void portInUse_failsActivationNamingPortAndVariable_andLeavesNothingBehind() throws Exception {
        int before = apiThreads();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            LocalApi second = new LocalApi(config(port), station, "CS-TEST-1");

            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("STATION_API_PORT");
            assertThat(apiThreads()).isEqualTo(before);
            second.stop(); // what DS does not call after a failed activation is harmless anyway
        }
    }

    @Test
    void invalidPort_failsActivation() {
        assertThatThrownBy(new LocalApi(config(70_000), station, "CS-TEST-1")::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("70000")
                .hasMessageContaining("STATION_API_PORT");
    }

    // ---- helpers ----

    private static int apiThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("galvani-api") && t.isAlive())
                .count();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String messagePart) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        assertThat(body.get("error").asText()).contains(messagePart);
    }

}
