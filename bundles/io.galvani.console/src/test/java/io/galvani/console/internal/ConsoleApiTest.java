package io.galvani.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.console.internal.Fakes.FakeEv;

/** The console's pages and JSON endpoints over real HTTP on loopback, with in-test doubles of the services. */
class ConsoleApiTest {
    private final Fakes.Services services = new Fakes.Services();
    private ConsoleFeed feed;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        feed = new ConsoleFeed(Fakes.config(100, 100, 4));
        server = new TestServer(new ConsoleHandler(services, feed, 100));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        feed.deactivate();
    }

    // ---------------------------------------------------------------- pages

    @Test
    void pagesComeFromTheBundle_withAStrictContentSecurityPolicy_andNoThirdPartyUrl() throws Exception {
        HttpResponse<String> bare = server.get("/console");
        assertThat(bare.statusCode()).as("relative URLs need the slash").isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> page = server.get("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                .contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(page.body()).contains("<title>Galvani service console</title>");
        for (String file : List.of("/console/console.js", "/console/console.css", "/console/favicon.svg")) {
            HttpResponse<String> r = server.get(file);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            // the SVG namespace is a name, not something loaded
            assertThat(r.body().replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                    .as(file + " loads nothing from elsewhere").doesNotContain("https://")
                    .doesNotContain("http://").doesNotContain("//cdn");
        }
        assertThat(page.body()).doesNotContain("https://").doesNotContain("http://");
        assertThat(server.get("/console/../../etc/passwd").statusCode()).isIn(400, 404);
        assertThat(server.get("/console/secret.txt").statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- station

    @Test
    void overview_showsEvsesConnectorsSessionRegistrationFirmware_andSimulation() throws Exception {
        JsonNode o = server.getJson("/console/api/overview", 200);

        assertThat(o.at("/stationId").asText()).isEqualTo("CS-TEST-1");
        assertThat(o.at("/firmwareVersion").asText()).isEqualTo("1.4.2");
        assertThat(o.at("/registration/status").asText()).isEqualTo("Accepted");
        assertThat(o.at("/registration/heartbeatIntervalSeconds").asInt()).isEqualTo(300);
        assertThat(o.at("/evses/0/connectors/0/status").asText()).isEqualTo("Available");
        assertThat(o.at("/evses/0/connectors/0/simulated").asBoolean()).isTrue();
        JsonNode s = o.at("/evses/0/session");
        assertThat(s.at("/phase").asText()).isEqualTo("CHARGING");
        assertThat(s.at("/energyWh").asDouble()).isEqualTo(12345.6);
        assertThat(s.at("/powerW").isNull()).as("NaN is no JSON").isTrue();
        assertThat(s.at("/soc").asDouble()).isEqualTo(44.5);
        assertThat(s.at("/elapsedSeconds").asInt()).isEqualTo(754);
        assertThat(s.at("/idTokenHint").asText()).isEqualTo("****F7E6");
        assertThat(o.at("/simulation/available").asBoolean()).isTrue();
    }

    @Test
    void overview_onRealHardware_hasNoSimulation_andSaysWhatIsNotRunning() throws Exception {
        services.evs.clear();
        services.reader = null;
        services.sessions = null;
        services.firmwareVersion = null;
        services.registration = null;

        JsonNode o = server.getJson("/console/api/overview", 200);

        assertThat(o.at("/simulation/available").asBoolean()).isFalse();
        assertThat(o.at("/evses/0/connectors/0/simulated").asBoolean()).isFalse();
        assertThat(o.at("/evses/0/session").isNull()).isTrue();
        assertThat(o.at("/sessionsAvailable").asBoolean()).isFalse();
        assertThat(o.at("/firmwareVersion").isNull()).isTrue();
        assertThat(o.at("/registration/status").asText()).isEqualTo("Unknown");
    }

    @Test
    void aFullIdTokenNeverReachesTheBrowser() {
        assertThat(ConsoleJson.mask("04A2B3C4D5E6F7")).isEqualTo("****E6F7");
        assertThat(ConsoleJson.mask("1234")).isEqualTo("****34");
        assertThat(ConsoleJson.mask("****F7E6")).isEqualTo("****F7E6");
        assertThat(ConsoleJson.mask(null)).isNull();
    }

    // ---------------------------------------------------------------- OCPP link

    @Test
    void link_showsStateEndpointProfileLatencyQueuesAndCounters() throws Exception {
        JsonNode l = server.getJson("/console/api/link", 200);

        assertThat(l.at("/connected").asBoolean()).isTrue();
        assertThat(l.at("/endpoint").asText()).isEqualTo("ws://127.0.0.1:9000/ocpp/CS-TEST-1");
        assertThat(l.at("/securityProfile").asInt()).isEqualTo(1);
        assertThat(l.at("/transportQueue").asInt()).isEqualTo(3);
        assertThat(l.at("/statistics/lastRoundTripMs").asDouble()).isEqualTo(12.0);
        assertThat(l.at("/statistics/averageRoundTripMs").asDouble()).isEqualTo(15.5);
        assertThat(l.at("/statistics/callsSent").asInt()).isEqualTo(42);
        assertThat(l.at("/statistics/callsReceived").asInt()).isEqualTo(7);
        assertThat(l.at("/statistics/reconnects").asInt()).isEqualTo(1);
        assertThat(l.at("/statistics/timeouts").asInt()).isEqualTo(2);
        assertThat(l.at("/outbox/queued").asInt()).isEqualTo(2);
        assertThat(l.at("/outbox/inFlight").asBoolean()).isTrue();
        assertThat(l.at("/registrationStatus").asText()).isEqualTo("Accepted");

        services.link = null;
        services.outbox = null;
        JsonNode none = server.getJson("/console/api/link", 200);
        assertThat(none.at("/available").asBoolean()).isFalse();
        assertThat(none.at("/outbox").isNull()).isTrue();
    }

    // ---------------------------------------------------------------- device model

    @Test
    void deviceModel_listsEveryAttributeWithMutabilityAndCharacteristics_butNoWriteOnlyValue() throws Exception {
        HttpResponse<String> raw = server.get("/console/api/device-model");
        assertThat(raw.body()).doesNotContain("Secret-Passw0rd-123");
        JsonNode vars = TestServer.JSON.readTree(raw.body()).at("/variables");

        assertThat(vars).hasSize(3);
        JsonNode heartbeat = find(vars, "HeartbeatInterval");
        assertThat(heartbeat.at("/component/name").asText()).isEqualTo("OCPPCommCtrlr");
        assertThat(heartbeat.at("/characteristics/dataType").asText()).isEqualTo("integer");
        assertThat(heartbeat.at("/characteristics/unit").asText()).isEqualTo("s");
        assertThat(heartbeat.at("/characteristics/minLimit").asDouble()).isEqualTo(1.0);
        assertThat(heartbeat.at("/attributes/0/type").asText()).isEqualTo("Actual");
        assertThat(heartbeat.at("/attributes/0/mutability").asText()).isEqualTo("ReadWrite");
        assertThat(heartbeat.at("/attributes/0/value").asText()).isEqualTo("300");
        JsonNode password = find(vars, "BasicAuthPassword");
        assertThat(password.at("/attributes/0/mutability").asText()).isEqualTo("WriteOnly");
        assertThat(password.at("/attributes/0/value").isNull()).isTrue();
        assertThat(find(vars, "AvailabilityState").at("/characteristics/valuesList/1").asText()).isEqualTo("Occupied");
    }

    @Test
    void deviceModelWrite_accepted_isStoredAndReadBack() throws Exception {
        JsonNode r = server.postJson("/console/api/device-model",
                "{\"component\":\"OCPPCommCtrlr\",\"variable\":\"HeartbeatInterval\",\"value\":\"120\"}", 200);

        assertThat(r.at("/status").asText()).isEqualTo("Accepted");
        assertThat(r.at("/reasonCode").isNull()).isTrue();
        assertThat(r.at("/value").asText()).isEqualTo("120");
        assertThat(find(server.getJson("/console/api/device-model", 200).at("/variables"), "HeartbeatInterval")
                .at("/attributes/0/value").asText()).isEqualTo("120");
    }

    @Test
    void deviceModelWrite_rejections_carryTheReasonCodeAndDetail_andChangeNothing() throws Exception {
        JsonNode range = server.postJson("/console/api/device-model",
                "{\"component\":\"OCPPCommCtrlr\",\"variable\":\"HeartbeatInterval\",\"value\":\"0\"}", 200);
        assertThat(range.at("/status").asText()).isEqualTo("Rejected");
        assertThat(range.at("/reasonCode").asText()).isEqualTo("ValueOutOfRange");
        assertThat(range.at("/detail").asText()).isEqualTo("OCPPCommCtrlr.HeartbeatInterval must be >= 1, not 0");
        assertThat(range.at("/value").asText()).as("unchanged").isEqualTo("300");

        JsonNode readOnly = server.postJson("/console/api/device-model",
                "{\"component\":\"ChargingStation\",\"variable\":\"AvailabilityState\",\"value\":\"Occupied\"}", 200);
        assertThat(readOnly.at("/status").asText()).isEqualTo("Rejected");
        assertThat(readOnly.at("/reasonCode").asText()).isEqualTo("ReadOnly");

        JsonNode unknown = server.postJson("/console/api/device-model",
                "{\"component\":\"NoSuchCtrlr\",\"variable\":\"X\",\"value\":\"1\"}", 200);
        assertThat(unknown.at("/status").asText()).isEqualTo("UnknownComponent");

        JsonNode target = server.postJson("/console/api/device-model", "{\"component\":\"OCPPCommCtrlr\","
                + "\"variable\":\"HeartbeatInterval\",\"attribute\":\"MaxSet\",\"value\":\"1\"}", 200);
        assertThat(target.at("/status").asText()).isEqualTo("NotSupportedAttributeType");
    }

    @Test
    void deviceModelWrite_ofAWriteOnlySecret_isAccepted_butNeverEchoed() throws Exception {
        HttpResponse<String> r = server.post("/console/api/device-model", "{\"component\":\"SecurityCtrlr\","
                + "\"variable\":\"BasicAuthPassword\",\"value\":\"New-Passw0rd-7654321\"}", "application/json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"Accepted\"").doesNotContain("New-Passw0rd-7654321");
    }

    @Test
    void deviceModelWrite_badRequests_getAPreciseAnswer() throws Exception {
        assertError(server.post("/console/api/device-model", "{\"component\":\"OCPPCommCtrlr\","
                + "\"variable\":\"HeartbeatInterval\",\"valeu\":\"1\"}", "application/json"), 400, "unknown field valeu");
        assertError(server.post("/console/api/device-model", "{\"component\":\"OCPPCommCtrlr\","
                + "\"variable\":\"HeartbeatInterval\"}", "application/json"), 400, "missing field value");
        assertError(server.post("/console/api/device-model", "{\"component\":\"OCPPCommCtrlr\","
                + "\"variable\":\"HeartbeatInterval\",\"value\":1}", "application/json"), 400, "value must be a string");
        assertError(server.post("/console/api/device-model", "{\"component\":\"OCPPCommCtrlr\",\"variable\":"
                + "\"HeartbeatInterval\",\"attribute\":\"Minimum\",\"value\":\"1\"}", "application/json"), 400,
                "attribute must be one of Actual, Target, MinSet, MaxSet, not Minimum");
        assertError(server.post("/console/api/device-model", "{\"component\":\"OCPPCommCtrlr\",\"variable\":"
                + "\"HeartbeatInterval\",\"value\":\"" + "9".repeat(1001) + "\"}", "application/json"), 400,
                "value is 1001 characters long; OCPP allows at most 1000");
        assertError(server.post("/console/api/device-model", "{\"component\":\"EVSE\",\"connectorId\":1,"
                + "\"variable\":\"Power\",\"value\":\"1\"}", "application/json"), 400, "connectorId needs an evseId");
        assertError(server.post("/console/api/device-model", "{not json", "application/json"), 400, "malformed JSON");
        assertError(server.post("/console/api/device-model", "[1]", "application/json"), 400,
                "the request body must be a JSON object");
        assertError(server.post("/console/api/device-model", "{}", "text/plain"), 415,
                "Content-Type must be application/json");
        services.deviceModel = null;
        assertError(server.get("/console/api/device-model"), 503,
                "the device model (io.galvani.devicemodel) is not running");
    }

    @Test
    void aWritingRequestFromAnotherOrigin_isRefused() throws Exception {
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(server.uri("/console/api/sim/plug"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"evseId\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertError(r, 403, "cross-origin request refused: http://evil.example");
        assertThat(((FakeEv) services.evs.get(0)).calls).isEmpty();
    }

    // ---------------------------------------------------------------- simulation

    @Test
    void simulation_plugPauseResumeUnplug_andTapCard_driveTheSimulators() throws Exception {
        FakeEv ev = (FakeEv) services.evs.get(0);
        server.postJson("/console/api/sim/plug", "{\"evseId\":1}", 200);
        server.postJson("/console/api/sim/ev", "{\"evseId\":1,\"suspend\":true}", 200);
        server.postJson("/console/api/sim/ev", "{\"evseId\":1,\"connectorId\":1,\"suspend\":false}", 200);
        server.postJson("/console/api/sim/unplug", "{\"evseId\":1}", 200);
        JsonNode card = server.postJson("/console/api/sim/card", "{\"idToken\":\"04A2B3C4D5E6F7\",\"evseId\":1}", 200);

        assertThat(ev.calls).containsExactly("plug", "suspend true", "suspend false", "unplug");
        assertThat(services.reader.presented).containsExactly("04A2B3C4D5E6F7 ISO14443 1");
        assertThat(card.toString()).doesNotContain("04A2B3C4D5E6F7");
    }

    @Test
    void simulation_errors() throws Exception {
        assertError(server.post("/console/api/sim/plug", "{\"evseId\":2}", "application/json"), 404,
                "no simulated EV at connector 1 of EVSE 2");
        assertError(server.post("/console/api/sim/plug", "{}", "application/json"), 400, "missing field evseId");
        assertError(server.post("/console/api/sim/ev", "{\"evseId\":1,\"suspend\":\"yes\"}", "application/json"),
                400, "suspend must be true or false");
        assertError(server.post("/console/api/sim/card", "{\"idToken\":\"" + "A".repeat(37) + "\"}",
                "application/json"), 400, "idToken is 37 characters long; at most 36 allowed");
        assertError(server.post("/console/api/sim/card", "{\"idToken\":\"A\",\"evseId\":7}", "application/json"),
                404, "unknown EVSE 7");
        assertError(server.get("/console/api/sim/plug"), 405, "method GET not allowed here (allowed: POST)");
        services.evs.clear();
        services.reader = null;
        assertError(server.post("/console/api/sim/plug", "{\"evseId\":1}", "application/json"), 503,
                "no simulated drivers run on this station (io.galvani.hal.sim.*)");
        assertError(server.post("/console/api/sim/card", "{\"idToken\":\"A\"}", "application/json"), 503,
                "no simulated drivers run on this station (io.galvani.hal.sim.*)");
    }

    // ---------------------------------------------------------------- bundles, security events, errors

    @Test
    void bundlesAndSecurityEvents() throws Exception {
        JsonNode b = server.getJson("/console/api/bundles", 200);
        assertThat(b.at("/firmwareVersion").asText()).isEqualTo("1.4.2");
        assertThat(b.at("/bundles/1/symbolicName").asText()).isEqualTo("io.galvani.console");
        assertThat(b.at("/bundles/1/state").asText()).isEqualTo("ACTIVE");
        assertThat(b.at("/bundles/1/startLevel").asInt()).isEqualTo(5);

        JsonNode s = server.getJson("/console/api/security-events", 200);
        assertThat(s.at("/available").asBoolean()).isTrue();
        assertThat(s.at("/events/0/type").asText()).as("newest first").isEqualTo("InvalidMessages");
        assertThat(s.at("/events/0/techInfo").asText()).isEqualTo("3 frames");
        assertThat(s.at("/events/1/critical").asBoolean()).isTrue();

        services.securityEvents = null;
        JsonNode none = server.getJson("/console/api/security-events", 200);
        assertThat(none.at("/available").asBoolean()).isFalse();
        assertThat(none.at("/events")).isEmpty();
    }

    @Test
    void unknownEndpointsAndMethods() throws Exception {
        assertError(server.get("/console/api/nothing"), 404, "unknown console endpoint /api/nothing");
        assertError(server.post("/console/api/overview", "{}", "application/json"), 405,
                "method POST not allowed here (allowed: GET)");
        assertThat(server.post("/console/api/events", "", "application/json").statusCode()).isEqualTo(405);
    }

    private static JsonNode find(JsonNode vars, String variable) {
        for (JsonNode v : vars) {
            if (v.at("/variable/name").asText().equals(variable)) {
                return v;
            }
        }
        throw new AssertionError("no variable " + variable);
    }

    private static void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(TestServer.JSON.readTree(r.body()).at("/error").asText()).startsWith(message);
    }
}
