package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CsmsCallError;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Replies;

/** OCPP 2.0.1 functional block B (provisioning) against the booted distribution. */
class ProvisioningTest extends StationTestBase {

    @Test
    void B01_coldBootAccepted_reportsEveryConnectorAndHeartbeats() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 1));
        station = station().start();

        Frame boot = awaitCall(0, "BootNotification");
        assertThat(boot.payload().at("/reason").asText()).isEqualTo("PowerUp");
        assertThat(boot.payload().at("/chargingStation/vendorName").asText()).isEqualTo("Galvani");
        assertThat(boot.payload().at("/chargingStation/model").asText()).isEqualTo("Galvani-DC480");
        assertThat(csms.lastHandshake(station.id()).orElseThrow().header("Sec-WebSocket-Protocol"))
                .contains("ocpp2.0.1");

        Frame status = awaitCall(0, "StatusNotification");
        assertThat(status.payload().at("/evseId").asInt()).isEqualTo(1);
        assertThat(status.payload().at("/connectorId").asInt()).isEqualTo(1);
        assertThat(status.payload().at("/connectorStatus").asText()).isEqualTo("Available");

        // The CSMS asked for a 1 s heartbeat interval: two heartbeats follow.
        int afterBoot = csms.mark();
        awaitCall(afterBoot, "Heartbeat");
        awaitCall(csms.mark(), "Heartbeat");

        JsonNode api = station.get("/api/v1/status");
        assertThat(api.at("/ocpp/connected").asBoolean()).isTrue();
        assertThat(api.at("/ocpp/registrationStatus").asText()).isEqualTo("Accepted");
        assertThat(api.at("/evses/0/connectors/0/status").asText()).isEqualTo("Available");
    }

    @Test
    void B02_pending_onlyBootNotificationUntilAccepted() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Pending", 1));
        station = station().start();
        awaitCall(0, "BootNotification");

        // While Pending, a CSMS CALL outside B02.FR.01 is refused with SecurityError.
        assertThatThrownBy(() -> csms.call(station.id(), "ClearCache", "{}").get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CsmsCallError.class)
                .hasMessageContaining("SecurityError");

        // The station retries after the interval; nothing else was sent meanwhile.
        int mark = csms.mark();
        awaitCall(mark, "BootNotification");
        assertThat(callsFromStation()).containsOnly("BootNotification");

        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        awaitCall(csms.mark(), "StatusNotification");
        await().atMost(WAIT).until(() -> "Accepted".equals(
                station.get("/api/v1/status").at("/ocpp/registrationStatus").asText()));
    }

    @Test
    void B02_FR_02_triggeredMessagesFlowWhilePending() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Pending", 300));
        station = station().start();
        awaitCall(0, "BootNotification");
        // The station has acted on the Pending answer (sending the CALL is not enough).
        await().atMost(WAIT).until(() -> "Pending".equals(
                station.get("/api/v1/status").at("/ocpp/registrationStatus").asText()));

        int mark = csms.mark();
        assertThat(csms.call(station.id(), "TriggerMessage", "{\"requestedMessage\":\"MeterValues\",\"evse\":{\"id\":1}}")
                .get(20, TimeUnit.SECONDS).at("/status").asText()).isEqualTo("Accepted");
        Frame meterValues = awaitCall(mark, "MeterValues");
        assertThat(meterValues.payload().at("/evseId").asInt()).isEqualTo(1);
        assertThat(meterValues.payload().at("/meterValue/0/sampledValue/0/context").asText()).isEqualTo("Trigger");
        assertThat(csms.call(station.id(), "TriggerMessage", "{\"requestedMessage\":\"FirmwareStatusNotification\"}")
                .get(20, TimeUnit.SECONDS).at("/status").asText()).isEqualTo("Accepted");
        assertThat(awaitCall(mark, "FirmwareStatusNotification").payload().at("/status").asText()).isEqualTo("Idle");
        assertThat(callsFromStation()).doesNotContain("StatusNotification", "Heartbeat");
    }

    @Test
    void B03_rejected_answersEveryCsmsCallWithSecurityError() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Rejected", 1));
        station = station().start();
        awaitCall(0, "BootNotification");

        assertThatThrownBy(() -> csms.call(station.id(), "GetBaseReport", "{\"requestId\":1,\"reportBase\":\"FullInventory\"}")
                .get(20, TimeUnit.SECONDS)).cause().isInstanceOf(CsmsCallError.class)
                .hasMessageContaining("SecurityError");
        awaitCall(csms.mark(), "BootNotification");
        assertThat(callsFromStation()).containsOnly("BootNotification");
        assertThat(station.get("/api/v1/status").at("/ocpp/registrationStatus").asText()).isEqualTo("Rejected");
    }

    @Test
    void B01_noAnswerToBootNotification_isRetried() throws Exception {
        csms.onCall("BootNotification", (id, msg, payload) -> io.galvani.csms.demo.Reply.error("InternalError", "busy"));
        station = station().start();
        csms.awaitFrame(0, f -> f.isCallError() && f.dir() == io.galvani.csms.demo.Direction.TO_STATION, WAIT);
        int mark = csms.mark();
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        awaitCall(mark, "BootNotification");
        awaitCall(mark, "StatusNotification");
    }

    @Test
    void G01_statusNotificationOnEveryConnectorChange() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");

        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        assertThat(awaitCall(mark, "StatusNotification").payload().at("/connectorStatus").asText()).isEqualTo("Occupied");

        mark = csms.mark();
        station.post("/api/v1/evses/1/unplug", "", 200);
        assertThat(awaitCall(mark, "StatusNotification").payload().at("/connectorStatus").asText()).isEqualTo("Available");
    }

    @Test
    void B04_reconnectAfterCsmsDropsTheSocket_noNewBootAndChangedStatusOnly() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);

        csms.disconnect(station.id());
        csms.awaitDisconnected(station.id(), WAIT);
        int mark = csms.mark(); // before the change: the station may be back before the request returns
        station.post("/api/v1/evses/1/plug", "", 200); // changes while offline
        await().atMost(WAIT).until(() -> csms.connectionCount(station.id()) == 2);

        Frame status = awaitCall(mark, "StatusNotification");
        assertThat(status.payload().at("/connectorStatus").asText()).isEqualTo("Occupied");
        assertThat(csms.frames(station.id()).stream().filter(f -> f.isCall() && "BootNotification".equals(f.action())))
                .as("a plain reconnection sends no BootNotification (OCPP-J 5.3)").hasSize(1);
    }

    @Test
    void variantWithTwoEvsesReportsBoth() throws Exception {
        station = station().env("STATION_VARIANT", "dual-dc480-shared").start();
        await().atMost(WAIT).until(() -> csms.frames(station.id()).stream()
                .filter(f -> f.isCall() && "StatusNotification".equals(f.action()))
                .map(f -> f.payload().at("/evseId").asInt()).distinct().count() == 2);
        assertThat(station.get("/api/v1/status").at("/evses").size()).isEqualTo(2);
    }

    private List<String> callsFromStation() {
        return csms.frames(station.id()).stream()
                .filter(f -> f.isCall() && f.dir() == io.galvani.csms.demo.Direction.TO_CSMS)
                .map(Frame::action).distinct().toList();
    }
}
