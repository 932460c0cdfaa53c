package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CsmsCallError;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Replies;

/** OCPP 2.0.1 device model (B05–B08) against the booted distribution, over a real WebSocket. */
class DeviceModelTest extends StationTestBase {
    // Every frame, NotifyReport included, is validated against the official schemas by StationTestBase.

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(20, TimeUnit.SECONDS);
    }

    private JsonNode getVariable(String component, String variable) throws Exception {
        return call("GetVariables", "{\"getVariableData\":[{\"component\":{\"name\":\"" + component
                + "\"},\"variable\":{\"name\":\"" + variable + "\"}}]}").at("/getVariableResult/0");
    }

    private JsonNode setVariable(String component, String variable, String value) throws Exception {
        return call("SetVariables", "{\"setVariableData\":[{\"component\":{\"name\":\"" + component
                + "\"},\"variable\":{\"name\":\"" + variable + "\"},\"attributeValue\":\"" + value + "\"}]}")
                .at("/setVariableResult/0");
    }

    /** Starts the station and waits until it acted on the accepted boot (StatusNotification follows it). */
    private StationUnderTest bootAccepted(int interval) throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", interval));
        int mark = csms.mark();
        StationUnderTest s = station().start();
        awaitCall(mark, "StatusNotification");
        return s;
    }

    @Test
    void B05_B06_heartbeatIntervalIsLiveAndFollowsTheBootResponse() throws Exception {
        station = bootAccepted(300);
        // B01.FR.04: the interval of the BootNotificationResponse is the HeartbeatInterval.
        assertThat(getVariable("OCPPCommCtrlr", "HeartbeatInterval").at("/attributeValue").asText()).isEqualTo("300");

        assertThat(setVariable("OCPPCommCtrlr", "HeartbeatInterval", "1").at("/attributeStatus").asText())
                .isEqualTo("Accepted");
        // Applied live: heartbeats now come every second, without a reconnect.
        int mark = csms.mark();
        awaitCall(mark, "Heartbeat");
        awaitCall(csms.mark(), "Heartbeat");
        assertThat(csms.connectionCount(station.id())).isEqualTo(1);
        assertThat(getVariable("OCPPCommCtrlr", "HeartbeatInterval").at("/attributeValue").asText()).isEqualTo("1");
    }

    @Test
    void B05_settingsSurviveARestart() throws Exception {
        station = bootAccepted(300);
        assertThat(setVariable("OCPPCommCtrlr", "OfflineThreshold", "123").at("/attributeStatus").asText())
                .isEqualTo("Accepted");
        station.close();
        station = null;

        station = bootAccepted(300);
        assertThat(getVariable("OCPPCommCtrlr", "OfflineThreshold").at("/attributeValue").asText()).isEqualTo("123");
    }

    @Test
    void B05_B06_everyStatusWithAReason() throws Exception {
        station = bootAccepted(300);
        JsonNode low = setVariable("OCPPCommCtrlr", "HeartbeatInterval", "0");
        assertThat(low.at("/attributeStatus").asText()).isEqualTo("Rejected");
        assertThat(low.at("/attributeStatusInfo/reasonCode").asText()).isEqualTo("ValueOutOfRange");
        assertThat(low.at("/attributeStatusInfo/additionalInfo").asText()).contains("HeartbeatInterval");
        assertThat(setVariable("Nope", "HeartbeatInterval", "1").at("/attributeStatus").asText())
                .isEqualTo("UnknownComponent");
        assertThat(setVariable("OCPPCommCtrlr", "Nope", "1").at("/attributeStatus").asText())
                .isEqualTo("UnknownVariable");
        JsonNode readOnly = setVariable("DeviceDataCtrlr", "ReportingValueSize", "10");
        assertThat(readOnly.at("/attributeStatus").asText()).isEqualTo("Rejected");
        assertThat(readOnly.at("/attributeStatusInfo/reasonCode").asText()).isEqualTo("ReadOnly");

        JsonNode results = call("GetVariables", """
                {"getVariableData":[
                  {"component":{"name":"Nope"},"variable":{"name":"X"}},
                  {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"Nope"}},
                  {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeType":"MaxSet"},
                  {"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}},
                  {"component":{"name":"EVSE","evse":{"id":1}},"variable":{"name":"AvailabilityState"}},
                  {"component":{"name":"Connector","evse":{"id":1,"connectorId":1}},"variable":{"name":"ConnectorType"}}
                ]}""").at("/getVariableResult");
        List<String> statuses = new ArrayList<>();
        results.forEach(r -> statuses.add(r.at("/attributeStatus").asText()));
        assertThat(statuses).containsExactly("UnknownComponent", "UnknownVariable", "NotSupportedAttributeType",
                "Rejected", "Accepted", "Accepted");
        assertThat(results.get(3).has("attributeValue")).isFalse();
        assertThat(results.get(4).at("/attributeValue").asText()).isEqualTo("Available");
        assertThat(results.get(5).at("/attributeValue").asText()).isEqualTo("cCCS2");
    }

    @Test
    void B06_FR_16_tooManyItemsIsACallErrorAndTheConnectionStays() throws Exception {
        station = bootAccepted(300);
        int limit = Integer.parseInt(call("GetVariables", """
                {"getVariableData":[{"component":{"name":"DeviceDataCtrlr"},
                  "variable":{"name":"ItemsPerMessage","instance":"GetVariables"}}]}""")
                .at("/getVariableResult/0/attributeValue").asText());
        StringBuilder items = new StringBuilder();
        for (int i = 0; i <= limit; i++) {
            items.append(i == 0 ? "" : ",").append(
                    "{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}");
        }
        assertThatThrownBy(() -> call("GetVariables", "{\"getVariableData\":[" + items + "]}"))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CsmsCallError.class)
                .hasMessageContaining("OccurrenceConstraintViolation");
        assertThat(getVariable("OCPPCommCtrlr", "HeartbeatInterval").at("/attributeStatus").asText()).isEqualTo("Accepted");
        assertThat(csms.connectionCount(station.id())).isEqualTo(1);
    }

    @Test
    void B07_fullInventoryHasEveryCoreComponentAndNoSecret() throws Exception {
        station = bootAccepted(300);
        int mark = csms.mark();
        assertThat(call("GetBaseReport", "{\"requestId\":42,\"reportBase\":\"FullInventory\"}").at("/status").asText())
                .isEqualTo("Accepted");
        List<Frame> parts = awaitReport(mark, 42);
        List<String> components = new ArrayList<>();
        for (Frame part : parts) {
            for (JsonNode entry : part.payload().at("/reportData")) {
                components.add(entry.at("/component/name").asText());
                if (entry.at("/variable/name").asText().equals("BasicAuthPassword")) {
                    assertThat(entry.at("/variableAttribute/0").has("value")).isFalse();
                }
                assertThat(entry.has("variableCharacteristics")).isTrue();
            }
        }
        assertThat(components).contains("ChargingStation", "EVSE", "Connector", "OCPPCommCtrlr", "DeviceDataCtrlr",
                "ClockCtrlr", "SecurityCtrlr");
    }

    @Test
    void B07_B08_configurationInventoryAndCustomReports() throws Exception {
        station = bootAccepted(300);
        int mark = csms.mark();
        assertThat(call("GetBaseReport", "{\"requestId\":1,\"reportBase\":\"ConfigurationInventory\"}").at("/status")
                .asText()).isEqualTo("Accepted");
        for (Frame part : awaitReport(mark, 1)) {
            for (JsonNode entry : part.payload().at("/reportData")) {
                boolean writable = false;
                for (JsonNode a : entry.at("/variableAttribute")) {
                    writable |= !"ReadOnly".equals(a.at("/mutability").asText("ReadWrite"));
                }
                assertThat(writable).as(entry.toString()).isTrue();
            }
        }
        mark = csms.mark();
        assertThat(call("GetReport", """
                {"requestId":2,"componentVariable":[{"component":{"name":"EVSE"},"variable":{"name":"AvailabilityState"}}]}""")
                .at("/status").asText()).isEqualTo("Accepted");
        List<Frame> report = awaitReport(mark, 2);
        assertThat(report).hasSize(1);
        assertThat(report.get(0).payload().at("/reportData/0/component/evse/id").asInt()).isEqualTo(1);
        assertThat(call("GetReport", "{\"requestId\":3,\"componentVariable\":[{\"component\":{\"name\":\"Nope\"}}]}")
                .at("/status").asText()).isEqualTo("EmptyResultSet");
    }

    @Test
    void A01_B05_basicAuthPasswordIsWriteOnlyAndNeverLogged() throws Exception {
        String password = "Galvani-Secret-0123456789";
        java.nio.file.Path log = java.nio.file.Path.of("target/station-logs",
                "DeviceModelTest.A01_B05_basicAuthPasswordIsWriteOnlyAndNeverLogged.log");
        java.nio.file.Files.deleteIfExists(log); // this run's log only
        station = bootAccepted(300);
        int connections = csms.connectionCount(station.id());
        assertThat(setVariable("SecurityCtrlr", "BasicAuthPassword", password).at("/attributeStatus").asText())
                .isEqualTo("Accepted");
        // A01: the station reconnects with the new password.
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> csms.connectionCount(station.id()) > connections
                && csms.isConnected(station.id()));
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (station.id() + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(csms.lastHandshake(station.id()).orElseThrow().header("Authorization")).isEqualTo(expected);

        JsonNode read = getVariable("SecurityCtrlr", "BasicAuthPassword");
        assertThat(read.at("/attributeStatus").asText()).isEqualTo("Rejected");
        assertThat(read.has("attributeValue")).isFalse();
        assertThat(station.get("/api/v1/device-model").toString()).doesNotContain(password);
        JsonNode tooShort = setVariable("SecurityCtrlr", "BasicAuthPassword", "short-secret");
        assertThat(tooShort.at("/attributeStatus").asText()).isEqualTo("Rejected");
        assertThat(tooShort.toString()).doesNotContain("short-secret");

        StringBuilder logs = new StringBuilder(java.nio.file.Files.readString(log));
        try (var files = java.nio.file.Files.list(dataDir.resolve("logs"))) {
            for (java.nio.file.Path f : files.toList()) {
                logs.append(java.nio.file.Files.readString(f));
            }
        }
        assertThat(logs.toString()).as("every log of the station").isNotEmpty().doesNotContain(password)
                .doesNotContain(expected.substring("Basic ".length())).doesNotContain("short-secret");
    }

    @Test
    void consoleCommandsUseTheSameRules() throws Exception {
        station = bootAccepted(300);
        Object commands = consoleCommands();
        assertThat(commands.getClass().getMethod("set", String.class, String.class, String.class)
                .invoke(commands, "OCPPCommCtrlr", "HeartbeatInterval", "0").toString()).startsWith("Rejected");
        assertThat(commands.getClass().getMethod("set", String.class, String.class, String.class)
                .invoke(commands, "OCPPCommCtrlr", "HeartbeatInterval", "45")).isEqualTo("Accepted");
        assertThat(commands.getClass().getMethod("get", String.class, String.class)
                .invoke(commands, "OCPPCommCtrlr", "HeartbeatInterval")).isEqualTo("45");
        String list = (String) commands.getClass().getMethod("list").invoke(commands);
        assertThat(list).contains("SecurityCtrlr").contains("(write-only)");
        assertThat(getVariable("OCPPCommCtrlr", "HeartbeatInterval").at("/attributeValue").asText()).isEqualTo("45");
    }

    private Object consoleCommands() throws Exception {
        var context = station.framework().getBundleContext();
        var refs = context.getServiceReferences((String) null, "(osgi.command.scope=dm)");
        assertThat(refs).isNotNull().hasSize(1);
        return context.getService(refs[0]);
    }

    /** The NotifyReport parts of one report, checked for seqNo order and tbc. */
    private List<Frame> awaitReport(int since, int requestId) {
        List<Frame> parts = new ArrayList<>();
        int from = since;
        while (true) {
            Frame f = awaitCall(from, "NotifyReport");
            from = csms.frames().indexOf(f) + 1;
            if (f.payload().at("/requestId").asInt() != requestId) {
                continue;
            }
            assertThat(f.payload().at("/seqNo").asInt()).isEqualTo(parts.size());
            parts.add(f);
            if (!f.payload().at("/tbc").asBoolean(false)) {
                return parts;
            }
        }
    }
}
