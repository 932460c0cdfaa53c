package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.Frame;

/**
 * Remote operations against the booted distribution: Reset (B11/B12) as an in-process reboot,
 * ChangeAvailability (G03/G04) persisting across it, the TriggerMessage and DataTransfer
 * dispatchers (F06, P01), and the operator console.
 */
class OperationsTest extends StationTestBase {
    private static final Duration REBOOT = Duration.ofSeconds(60);

    @Test
    void B11_resetImmediate_acceptedThenRebootsWithRemoteReset() throws Exception {
        bootAccepted();
        Framework before = station.framework();
        int mark = csms.mark();

        JsonNode answer = call("Reset", "{\"type\":\"Immediate\"}");
        assertThat(answer.at("/status").asText()).isEqualTo("Accepted");

        station.awaitReboot(before, REBOOT);
        Frame boot = awaitCall(mark, "BootNotification");
        assertThat(boot.payload().at("/reason").asText()).isEqualTo("RemoteReset");
        // The CALLRESULT went out before the station went down (B11: response first).
        assertThat(csms.frames(station.id()).stream().filter(f -> f.isCallResult() && "Reset".equals(f.action()))
                .filter(f -> f.at().isBefore(boot.at()))).hasSize(1);
        awaitStatus(mark, "Available");
    }

    @Test
    void G03_inoperativeEvse_survivesReset_thenOperativeAgain() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        JsonNode answer = call("ChangeAvailability", "{\"operationalStatus\":\"Inoperative\",\"evse\":{\"id\":1}}");
        assertThat(answer.at("/status").asText()).isEqualTo("Accepted");
        awaitStatus(mark, "Unavailable");

        // G03.FR.03: already so -> Accepted, nothing changes.
        assertThat(call("ChangeAvailability", "{\"operationalStatus\":\"Inoperative\",\"evse\":{\"id\":1}}")
                .at("/status").asText()).isEqualTo("Accepted");

        Framework before = station.framework();
        mark = csms.mark();
        assertThat(call("Reset", "{\"type\":\"OnIdle\"}").at("/status").asText()).isEqualTo("Accepted");
        station.awaitReboot(before, REBOOT);
        int bootIndex = indexOf(awaitCall(mark, "BootNotification"));
        // B11.FR.02 / G03.FR.08: back as Unavailable after the reboot; never reported Available meanwhile.
        awaitStatus(bootIndex, "Unavailable");
        assertThat(statusesSince(bootIndex)).doesNotContain("Available");
        assertThat(station.get("/api/v1/status").at("/evses/0/connectors/0/status").asText()).isEqualTo("Unavailable");

        mark = csms.mark();
        assertThat(call("ChangeAvailability", "{\"operationalStatus\":\"Operative\",\"evse\":{\"id\":1}}")
                .at("/status").asText()).isEqualTo("Accepted");
        awaitStatus(mark, "Available");
    }

    @Test
    void G04_stationInoperative_connectorOperativeStaysUnavailable() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        assertThat(call("ChangeAvailability", "{\"operationalStatus\":\"Inoperative\"}").at("/status").asText())
                .isEqualTo("Accepted");
        awaitStatus(mark, "Unavailable");

        // A connector set Operative under an Inoperative station stays Unavailable.
        assertThat(call("ChangeAvailability",
                "{\"operationalStatus\":\"Operative\",\"evse\":{\"id\":1,\"connectorId\":1}}").at("/status").asText())
                .isEqualTo("Accepted");
        mark = csms.mark();
        assertThat(call("ChangeAvailability", "{\"operationalStatus\":\"Operative\"}").at("/status").asText())
                .isEqualTo("Accepted");
        awaitStatus(mark, "Available");
    }

    @Test
    void G03_unknownEvseOrConnector_rejected() throws Exception {
        bootAccepted();
        JsonNode evse = call("ChangeAvailability", "{\"operationalStatus\":\"Inoperative\",\"evse\":{\"id\":9}}");
        assertThat(evse.at("/status").asText()).isEqualTo("Rejected");
        assertThat(evse.at("/statusInfo/reasonCode").asText()).isEqualTo("UnknownEvse");
        JsonNode connector = call("ChangeAvailability",
                "{\"operationalStatus\":\"Inoperative\",\"evse\":{\"id\":1,\"connectorId\":7}}");
        assertThat(connector.at("/status").asText()).isEqualTo("Rejected");
        assertThat(connector.at("/statusInfo/reasonCode").asText()).isEqualTo("UnknownConnectorId");
        assertThat(call("Reset", "{\"type\":\"OnIdle\",\"evseId\":9}").at("/status").asText()).isEqualTo("Rejected");
    }

    @Test
    void B11_resetEvse_unavailableWhileItsDriversRestart_thenAvailable_noReboot() throws Exception {
        bootAccepted();
        Framework before = station.framework();
        int mark = csms.mark();
        assertThat(call("Reset", "{\"type\":\"OnIdle\",\"evseId\":1}").at("/status").asText()).isEqualTo("Accepted");
        int unavailable = indexOf(awaitStatus(mark, "Unavailable"));
        awaitStatus(unavailable, "Available");
        // The reset is over once the console no longer shows it; the CSMS was last told Available.
        await().atMost(WAIT).until(() -> !((String) console("status")).contains("resetting"));
        await().atMost(WAIT).until(() -> {
            List<String> statuses = statusesSince(mark);
            return statuses.get(statuses.size() - 1).equals("Available");
        });
        assertThat(statusesSince(mark).get(0)).isEqualTo("Unavailable");
        assertThat(station.framework()).isSameAs(before);
        List<Frame> all = csms.frames();
        assertThat(all.subList(mark, all.size()).stream().filter(Frame::isCall).map(Frame::action))
                .doesNotContain("BootNotification");
    }

    @Test
    void F06_triggerForAMessageNobodyServes_notImplemented() throws Exception {
        bootAccepted();
        JsonNode answer = call("TriggerMessage", "{\"requestedMessage\":\"SignCombinedCertificate\"}");
        assertThat(answer.at("/status").asText()).isEqualTo("NotImplemented");
    }

    @Test
    void P01_dataTransferForAnUnknownVendor_unknownVendorId() throws Exception {
        bootAccepted();
        JsonNode answer = call("DataTransfer", "{\"vendorId\":\"com.example.nobody\",\"messageId\":\"Hello\"}");
        assertThat(answer.at("/status").asText()).isEqualTo("UnknownVendorId");
    }

    @Test
    void console_statusAndLocalReset() throws Exception {
        bootAccepted();
        String status = (String) console("status");
        assertThat(status).contains("CSMS link: connected").contains("EVSE 1: Operative")
                .contains("connector 1 (cCCS2): Available");

        Framework before = station.framework();
        int mark = csms.mark();
        assertThat((String) console("reset", "immediate")).contains("Accepted");
        station.awaitReboot(before, REBOOT);
        assertThat(awaitCall(mark, "BootNotification").payload().at("/reason").asText()).isEqualTo("LocalReset");
    }

    @Test
    void B07_deviceModel_chargingStationEvseConnector_andResetRetriesWritable() throws Exception {
        bootAccepted();
        JsonNode results = call("GetVariables", """
                {"getVariableData":[
                 {"component":{"name":"ChargingStation"},"variable":{"name":"AvailabilityState"}},
                 {"component":{"name":"ChargingStation"},"variable":{"name":"SupplyPhases"}},
                 {"component":{"name":"EVSE","evse":{"id":1}},"variable":{"name":"AllowReset"}},
                 {"component":{"name":"EVSE","evse":{"id":1}},"variable":{"name":"Power"}},
                 {"component":{"name":"Connector","evse":{"id":1,"connectorId":1}},"variable":{"name":"ConnectorType"}},
                 {"component":{"name":"Connector","evse":{"id":1,"connectorId":1}},"variable":{"name":"AvailabilityState"}},
                 {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"UnlockOnEVSideDisconnect"}}]}""")
                .at("/getVariableResult");
        assertThat(results).hasSize(7).allSatisfy(r -> assertThat(r.at("/attributeStatus").asText()).isEqualTo("Accepted"));
        assertThat(results.get(0).at("/attributeValue").asText()).isEqualTo("Available");
        assertThat(results.get(1).at("/attributeValue").asText()).isEqualTo("0");
        assertThat(results.get(2).at("/attributeValue").asText()).isEqualTo("true");
        assertThat(results.get(4).at("/attributeValue").asText()).isEqualTo("cCCS2");
        assertThat(results.get(5).at("/attributeValue").asText()).isEqualTo("Available");
        assertThat(results.get(6).at("/attributeValue").asText()).isEqualTo("false");

        JsonNode set = call("SetVariables", """
                {"setVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"ResetRetries"},
                  "attributeValue":"5"}]}""");
        assertThat(set.at("/setVariableResult/0/attributeStatus").asText()).isEqualTo("Accepted");
        assertThat(call("GetVariables", """
                {"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"ResetRetries"}}]}""")
                .at("/getVariableResult/0/attributeValue").asText()).isEqualTo("5");
    }

    private void bootAccepted() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
    }

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private Frame awaitStatus(int since, String status) {
        return csms.awaitFrame(since, f -> f.isCall() && "StatusNotification".equals(f.action())
                && status.equals(f.payload().at("/connectorStatus").asText()), WAIT);
    }

    /** The recording index of a frame the CSMS received (by message id). */
    private int indexOf(Frame frame) {
        List<Frame> all = csms.frames();
        for (int i = 0; i < all.size(); i++) {
            Frame f = all.get(i);
            if (f.dir() == frame.dir() && f.messageTypeId() == frame.messageTypeId()
                    && f.messageId().equals(frame.messageId())) {
                return i;
            }
        }
        throw new AssertionError("frame not recorded: " + frame);
    }

    private List<String> statusesSince(int since) {
        List<Frame> all = csms.frames();
        return all.subList(since, all.size()).stream().filter(f -> f.isCall() && "StatusNotification".equals(f.action()))
                .map(f -> f.payload().at("/connectorStatus").asText()).toList();
    }

    /** Runs a station:* console command the way Gogo does: a public method of the command service. */
    private Object console(String function, String... args) throws Exception {
        BundleContext context = station.framework().getBundleContext();
        await().atMost(WAIT).until(() -> context.getServiceReferences((String) null, "(osgi.command.scope=station)") != null);
        ServiceReference<?> ref = context.getServiceReferences((String) null, "(osgi.command.scope=station)")[0];
        Object commands = context.getService(ref);
        try {
            Class<?>[] types = new Class<?>[args.length];
            java.util.Arrays.fill(types, String.class);
            Method m = commands.getClass().getMethod(function, types);
            return m.invoke(commands, (Object[]) args);
        } finally {
            context.ungetService(ref);
        }
    }
}
