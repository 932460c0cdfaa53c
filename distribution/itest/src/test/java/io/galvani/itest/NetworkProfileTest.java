package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.csms.demo.Replies;

/** Network connection profiles (B09, B10) end to end: SetNetworkProfile, priority, Reset, fallback, migration. */
class NetworkProfileTest extends StationTestBase {

    private JsonNode call(DemoCsms to, String action, String payload) throws Exception {
        return to.call(station.id(), action, payload).get(20, TimeUnit.SECONDS);
    }

    private static String profile(String url) {
        return "{\"ocppVersion\":\"OCPP20\",\"ocppTransport\":\"JSON\",\"ocppCsmsUrl\":\"" + url + "\","
                + "\"messageTimeout\":30,\"securityProfile\":1,\"ocppInterface\":\"Wired0\"}";
    }

    private void bootAccepted() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().start();
        awaitCall(0, "StatusNotification");
    }

    /** Stores {@code url} in slot 2, puts it first with one attempt per profile, and resets. */
    private void preferSlot2(String url) throws Exception {
        assertThat(call(csms, "SetNetworkProfile", "{\"configurationSlot\":2,\"connectionData\":" + profile(url) + "}")
                .at("/status").asText()).isEqualTo("Accepted");
        JsonNode results = call(csms, "SetVariables", """
                {"setVariableData":[
                  {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"NetworkProfileConnectionAttempts"},"attributeValue":"1"},
                  {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"NetworkConfigurationPriority"},"attributeValue":"2,1"}
                ]}""").at("/setVariableResult");
        assertThat(results.get(0).at("/attributeStatus").asText()).isEqualTo("Accepted");
        assertThat(results.get(1).at("/attributeStatus").asText()).isEqualTo("RebootRequired");
        assertThat(call(csms, "Reset", "{\"type\":\"Immediate\"}").at("/status").asText()).isEqualTo("Accepted");
    }

    @Test
    void B09_B10_unreachableNewProfileFallsBackToTheWorkingOne() throws Exception {
        bootAccepted();
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        int mark = csms.mark();
        preferSlot2("ws://127.0.0.1:" + dead + "/ocpp");

        Frame boot = awaitCall(mark, "BootNotification");
        assertThat(boot.payload().at("/reason").asText()).isEqualTo("RemoteReset");
        awaitCall(mark, "StatusNotification");
        assertThat(call(csms, "GetVariables", """
                {"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"ActiveNetworkProfile"}}]}""")
                .at("/getVariableResult/0/attributeValue").asText()).isEqualTo("1");
    }

    @Test
    void B10_migrationToAnotherCsmsThroughANewProfile() throws Exception {
        bootAccepted();
        try (DemoCsms next = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build())) {
            next.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
            preferSlot2(next.url().toString());

            Frame boot = next.awaitCall("BootNotification", WAIT);
            assertThat(boot.payload().at("/reason").asText()).isEqualTo("RemoteReset");
            next.awaitCall("StatusNotification", WAIT);
            assertThat(call(next, "GetVariables", """
                    {"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"ActiveNetworkProfile"}},
                      {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"NetworkConfigurationPriority"}}]}""")
                    .at("/getVariableResult").toString()).contains("\"attributeValue\":\"2\"")
                    .contains("\"attributeValue\":\"2,1\"");
            assertThat(next.violations()).isEmpty();
        }
    }

    @Test
    void B09_invalidProfilesAreRejectedWithAReason() throws Exception {
        bootAccepted();
        assertThat(call(csms, "SetNetworkProfile", "{\"configurationSlot\":9,\"connectionData\":"
                + profile("ws://127.0.0.1:1/ocpp") + "}").at("/statusInfo/reasonCode").asText()).isEqualTo("InvalidConfSlot");
        JsonNode tls = call(csms, "SetNetworkProfile", "{\"configurationSlot\":2,\"connectionData\":"
                + profile("wss://127.0.0.1:1/ocpp") + "}");
        assertThat(tls.at("/status").asText()).isEqualTo("Rejected");
        assertThat(tls.at("/statusInfo/reasonCode").asText()).isEqualTo("InvalidNetworkConf");
    }
}
