package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.csms.demo.Replies;
import io.galvani.csms.demo.Reply;

/**
 * Charging sessions against the booted distribution over a real WebSocket: local start/stop by card,
 * remote start/stop, refused cards, the EV pausing, events queued while the CSMS is away, a CSMS
 * refusing events (E13 retries), GetTransactionStatus and TriggerMessage(TransactionEvent). Every frame
 * is validated against the official schemas (see {@link StationTestBase}).
 */
class TransactionsTest extends StationTestBase {
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";

    @Test
    void E02_cableFirst_cardStartsAndSameCardStops() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        awaitDisplay("card");
        station.post("/api/v1/rfid", CARD, 202);

        Frame authorize = awaitCall(mark, "Authorize");
        assertThat(authorize.payload().at("/idToken/idToken").asText()).isEqualTo("04A2B3C4D5E6F7");
        Frame started = awaitEvent(mark, "Started");
        assertThat(started.payload().at("/seqNo").asInt()).isZero();
        assertThat(started.payload().at("/triggerReason").asText()).isEqualTo("Authorized");
        assertThat(started.payload().at("/idToken/idToken").asText()).isEqualTo("04A2B3C4D5E6F7");
        assertThat(started.payload().at("/evse/id").asInt()).isEqualTo(1);
        assertThat(started.payload().at("/evse/connectorId").asInt()).isEqualTo(1);
        assertThat(started.payload().at("/meterValue/0/sampledValue/0/context").asText()).isEqualTo("Transaction.Begin");
        String txId = started.payload().at("/transactionInfo/transactionId").asText();

        awaitChargingState(mark, "Charging");
        await().atMost(WAIT).until(() -> station.get("/api/v1/status").at("/evses/0/transactionId").asText().equals(txId));
        await().atMost(WAIT).until(() -> station.get("/api/v1/status").at("/evses/0/session/energyWh").asDouble() > 0);

        station.post("/api/v1/rfid", CARD, 202);
        Frame ended = awaitEvent(mark, "Ended");
        assertThat(ended.payload().at("/triggerReason").asText()).isEqualTo("StopAuthorized");
        assertThat(ended.payload().at("/transactionInfo/stoppedReason").asText()).isEqualTo("Local");
        assertThat(ended.payload().at("/idToken/idToken").asText()).isEqualTo("04A2B3C4D5E6F7");
        assertContiguousSeqNos(txId);
        JsonNode end = ended.payload().at("/meterValue");
        assertThat(end.get(end.size() - 1).at("/sampledValue/0/context").asText()).isEqualTo("Transaction.End");
        awaitDisplay("kWh");

        station.post("/api/v1/evses/1/unplug", "", 200);
        awaitStatus(mark, "Available");
    }

    @Test
    void F01_remoteStartCablePluggedFirst_thenRemoteStop() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        JsonNode answer = call("RequestStartTransaction",
                "{\"evseId\":1,\"remoteStartId\":42,\"idToken\":{\"idToken\":\"CSMS-1\",\"type\":\"Central\"}}");
        assertThat(answer.at("/status").asText()).isEqualTo("Accepted");

        Frame started = awaitEvent(mark, "Started");
        assertThat(started.payload().at("/triggerReason").asText()).isEqualTo("RemoteStart");
        assertThat(started.payload().at("/transactionInfo/remoteStartId").asInt()).isEqualTo(42);
        String txId = started.payload().at("/transactionInfo/transactionId").asText();
        awaitChargingState(mark, "Charging");

        JsonNode status = call("GetTransactionStatus", "{\"transactionId\":\"" + txId + "\"}");
        assertThat(status.at("/ongoingIndicator").asBoolean()).isTrue();

        assertThat(call("RequestStopTransaction", "{\"transactionId\":\"unknown\"}").at("/status").asText())
                .isEqualTo("Rejected");
        assertThat(call("RequestStopTransaction", "{\"transactionId\":\"" + txId + "\"}").at("/status").asText())
                .isEqualTo("Accepted");
        Frame ended = awaitEvent(mark, "Ended");
        assertThat(ended.payload().at("/triggerReason").asText()).isEqualTo("RemoteStop");
        assertThat(ended.payload().at("/transactionInfo/stoppedReason").asText()).isEqualTo("Remote");
        assertContiguousSeqNos(txId);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode after = call("GetTransactionStatus", "{\"transactionId\":\"" + txId + "\"}");
            assertThat(after.at("/ongoingIndicator").asBoolean()).isFalse();
            assertThat(after.at("/messagesInQueue").asBoolean()).isFalse();
        });
    }

    @Test
    void F02_remoteStartFirst_thenCable_andTriggerMessage() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        assertThat(call("TriggerMessage", "{\"requestedMessage\":\"TransactionEvent\"}").at("/status").asText())
                .isEqualTo("Rejected");
        assertThat(call("RequestStartTransaction",
                "{\"remoteStartId\":7,\"idToken\":{\"idToken\":\"CSMS-2\",\"type\":\"Central\"}}").at("/status").asText())
                .isEqualTo("Accepted");
        awaitDisplay("plug");
        station.post("/api/v1/evses/1/plug", "", 200);
        Frame started = awaitEvent(mark, "Started");
        assertThat(started.payload().at("/triggerReason").asText()).isEqualTo("RemoteStart");
        awaitChargingState(mark, "Charging");

        int beforeTrigger = csms.mark();
        assertThat(call("TriggerMessage", "{\"requestedMessage\":\"TransactionEvent\",\"evse\":{\"id\":1}}")
                .at("/status").asText()).isEqualTo("Accepted");
        Frame triggered = csms.awaitFrame(beforeTrigger, f -> isEvent(f, "Updated")
                && "Trigger".equals(f.payload().at("/triggerReason").asText()), WAIT);
        assertThat(triggered.payload().at("/transactionInfo/chargingState").asText()).isEqualTo("Charging");

        station.post("/api/v1/evses/1/unplug", "", 200);
        Frame ended = awaitEvent(mark, "Ended");
        assertThat(ended.payload().at("/triggerReason").asText()).isEqualTo("EVCommunicationLost");
        assertThat(ended.payload().at("/transactionInfo/stoppedReason").asText()).isEqualTo("EVDisconnected");
    }

    @Test
    void C01_invalidCard_isRefusedWithItsReason_andNothingStarts() throws Exception {
        csms.onCall("Authorize", Replies.authorize("Blocked"));
        bootAccepted();
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        station.post("/api/v1/rfid", CARD, 202);
        awaitCall(mark, "Authorize");
        await().atMost(WAIT).until(() -> "REJECTED".equals(
                station.get("/api/v1/status").at("/evses/0/session/phase").asText()));
        assertThat(station.get("/api/v1/status").at("/evses/0/session/message").asText()).isEqualTo("Blocked");
        awaitDisplay("blocked");
        // Heartbeat as a fence: anything the card would have caused is sent before it.
        call("TriggerMessage", "{\"requestedMessage\":\"Heartbeat\"}");
        awaitCall(mark, "Heartbeat");
        assertThat(events(mark)).isEmpty();
    }

    @Test
    void E01_evPausesAndResumes_suspendedEvReported() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        station.post("/api/v1/rfid", CARD, 202);
        awaitChargingState(mark, "Charging");
        station.post("/api/v1/evses/1/ev", "{\"suspend\":true}", 200);
        awaitChargingState(mark, "SuspendedEV");
        awaitDisplay("paus");
        // Marked before the request: the Charging event can reach the CSMS before the request returns.
        int resumed = csms.mark();
        station.post("/api/v1/evses/1/ev", "{\"suspend\":false}", 200);
        awaitChargingState(resumed, "Charging");
        station.post("/api/v1/rfid", CARD, 202);
        awaitEvent(mark, "Ended");
    }

    @Test
    void E04_offlinePeriod_eventsQueuedAndDeliveredInOrderWithOfflineFlag() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        station.post("/api/v1/rfid", CARD, 202);
        Frame started = awaitEvent(mark, "Started");
        String txId = started.payload().at("/transactionInfo/transactionId").asText();
        awaitChargingState(mark, "Charging");

        // The CSMS goes away; the session goes on and ends while the station is offline.
        URI url = csms.url();
        List<Frame> before = csms.frames();
        csms.close();
        await().atMost(WAIT).until(() -> !station.get("/api/v1/status").at("/ocpp/connected").asBoolean());
        station.post("/api/v1/evses/1/ev", "{\"suspend\":true}", 200);
        await().atMost(WAIT).until(() -> "SuspendedEV".equals(
                station.get("/api/v1/status").at("/evses/0/chargingState").asText()));
        station.post("/api/v1/evses/1/unplug", "", 200);
        await().atMost(WAIT).until(() -> "FINISHED".equals(
                station.get("/api/v1/status").at("/evses/0/session/phase").asText()));

        csms = DemoCsms.start(CsmsOptions.builder().port(url.getPort()).logTraffic(false)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
        Frame ended = csms.awaitFrame(f -> isEvent(f, "Ended"), WAIT);
        assertThat(ended.payload().at("/offline").asBoolean()).isTrue();
        assertThat(ended.payload().at("/transactionInfo/stoppedReason").asText()).isEqualTo("EVDisconnected");
        // The event in flight when the CSMS went away may come again after the outage: only as an identical resend.
        List<Frame> sent = new java.util.ArrayList<>(before);
        sent.addAll(csms.frames());
        java.util.Map<Integer, JsonNode> bySeqNo = new java.util.TreeMap<>();
        for (Frame f : sent) {
            if (isEvent(f, null) && txId.equals(f.payload().at("/transactionInfo/transactionId").asText())) {
                JsonNode first = bySeqNo.putIfAbsent(f.payload().at("/seqNo").asInt(), f.payload());
                assertThat(first == null || first.equals(f.payload())).as("a resend is identical: %s", f).isTrue();
            }
        }
        assertThat(bySeqNo.keySet()).as("seqNos across the outage").containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, bySeqNo.size()).boxed().toList());
        assertThat(csms.frames().stream().filter(f -> isEvent(f, "Updated"))
                .filter(f -> "SuspendedEV".equals(f.payload().at("/transactionInfo/chargingState").asText())))
                .allSatisfy(f -> assertThat(f.payload().at("/offline").asBoolean()).isTrue());
    }

    @Test
    void E13_csmsRefusesAnEvent_retriedThenDiscarded_laterEventsStillDelivered() throws Exception {
        bootAccepted();
        assertThat(call("SetVariables", "{\"setVariableData\":["
                + "{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"MessageAttempts\",\"instance\":\"TransactionEvent\"},\"attributeValue\":\"2\"},"
                + "{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"MessageAttemptInterval\",\"instance\":\"TransactionEvent\"},\"attributeValue\":\"1\"}]}")
                .at("/setVariableResult/0/attributeStatus").asText()).isEqualTo("Accepted");
        csms.onCall("TransactionEvent", Replies.always(Reply.error("InternalError", "test refuses events")));
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        station.post("/api/v1/rfid", CARD, 202);
        Frame started = awaitEvent(mark, "Started");
        String txId = started.payload().at("/transactionInfo/transactionId").asText();
        await().atMost(WAIT).until(() -> seqNos(csms.frames(), txId).stream().filter(s -> s == 0).count() == 2);
        csms.onCall("TransactionEvent", null);
        station.post("/api/v1/rfid", CARD, 202);
        awaitEvent(mark, "Ended");
        // Started was sent exactly twice (MessageAttemptsTransactionEvent = 2) and then given up.
        assertThat(seqNos(csms.frames(), txId).stream().filter(s -> s == 0)).hasSize(2);
    }

    @Test
    void B12_resetDuringATransaction_onIdleIsScheduled_immediateEndsItFirst() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        station.post("/api/v1/rfid", CARD, 202);
        Frame started = awaitEvent(mark, "Started");
        String txId = started.payload().at("/transactionInfo/transactionId").asText();
        awaitChargingState(mark, "Charging");

        assertThat(call("Reset", "{\"type\":\"OnIdle\"}").at("/status").asText()).isEqualTo("Scheduled");
        // Still charging: an OnIdle reset waits for the transaction (B12.FR.01).
        assertThat(station.get("/api/v1/status").at("/evses/0/transactionId").asText()).isEqualTo(txId);

        org.osgi.framework.launch.Framework before = station.framework();
        int beforeReset = csms.mark();
        assertThat(call("Reset", "{\"type\":\"Immediate\"}").at("/status").asText()).isEqualTo("Accepted");
        Frame ended = awaitEvent(beforeReset, "Ended");
        assertThat(ended.payload().at("/triggerReason").asText()).isEqualTo("ResetCommand");
        assertThat(ended.payload().at("/transactionInfo/stoppedReason").asText()).isEqualTo("ImmediateReset");
        station.awaitReboot(before, java.time.Duration.ofSeconds(60));
        Frame boot = awaitCall(beforeReset, "BootNotification");
        assertThat(boot.payload().at("/reason").asText()).isEqualTo("RemoteReset");
        // The Ended event went out before the reboot; after it, nothing of that transaction comes again but resends.
        csms.awaitConnected(station.id(), WAIT);
        assertContiguousSeqNos(txId);
        assertThat(csms.frames().stream().filter(f -> isEvent(f, "Ended"))
                .filter(f -> txId.equals(f.payload().at("/transactionInfo/transactionId").asText()))
                .map(f -> f.payload().at("/seqNo").asInt()).distinct()).hasSize(1);
    }

    @Test
    void dualVariant_twoSessionsAtOnce_eachWithItsOwnTransaction() throws Exception {
        station = station().env("STATION_VARIANT", "dual-dc480-shared").start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
        int mark = csms.mark();
        station.post("/api/v1/evses/1/plug", "", 200);
        station.post("/api/v1/evses/2/plug", "", 200);
        assertThat(call("RequestStartTransaction",
                "{\"evseId\":1,\"remoteStartId\":1,\"idToken\":{\"idToken\":\"A\",\"type\":\"Central\"}}")
                .at("/status").asText()).isEqualTo("Accepted");
        // Station-wide reader: the card goes to the EVSE whose cable waits for one.
        station.post("/api/v1/rfid", "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\"}", 202);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode evses = station.get("/api/v1/status").at("/evses");
            assertThat(evses.get(0).at("/chargingState").asText()).isEqualTo("Charging");
            assertThat(evses.get(1).at("/chargingState").asText()).isEqualTo("Charging");
        });
        await().atMost(WAIT).until(() -> events(mark).stream().filter(f -> isEvent(f, "Started")).count() == 2);
        List<Frame> started = events(mark).stream().filter(f -> isEvent(f, "Started")).toList();
        assertThat(started).extracting(f -> f.payload().at("/evse/id").asInt()).containsExactlyInAnyOrder(1, 2);
        assertThat(started).extracting(f -> f.payload().at("/transactionInfo/transactionId").asText())
                .doesNotHaveDuplicates();
        // The same card at the station-wide reader stops the session it started (EVSE 2), not the other.
        station.post("/api/v1/rfid", "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\"}", 202);
        Frame ended = awaitEvent(mark, "Ended");
        assertThat(ended.payload().at("/transactionInfo/transactionId").asText()).isEqualTo(started.stream()
                .filter(f -> f.payload().at("/evse/id").asInt() == 2).findFirst().orElseThrow()
                .payload().at("/transactionInfo/transactionId").asText());
        assertThat(station.get("/api/v1/status").at("/evses/0/chargingState").asText()).isEqualTo("Charging");
    }

    // ---- helpers ----

    private void bootAccepted() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
    }

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private Frame awaitEvent(int since, String eventType) {
        return csms.awaitFrame(since, f -> isEvent(f, eventType), WAIT);
    }

    private void awaitChargingState(int since, String state) {
        csms.awaitFrame(since, f -> isEvent(f, null)
                && state.equals(f.payload().at("/transactionInfo/chargingState").asText()), WAIT);
    }

    private Frame awaitStatus(int since, String status) {
        return csms.awaitFrame(since, f -> f.isCall() && "StatusNotification".equals(f.action())
                && status.equals(f.payload().at("/connectorStatus").asText()), WAIT);
    }

    private static boolean isEvent(Frame f, String eventType) {
        return f.isCall() && "TransactionEvent".equals(f.action())
                && (eventType == null || eventType.equals(f.payload().at("/eventType").asText()));
    }

    private List<Frame> events(int since) {
        List<Frame> all = csms.frames();
        return all.subList(Math.min(since, all.size()), all.size()).stream().filter(f -> isEvent(f, null)).toList();
    }

    private static List<Integer> seqNos(List<Frame> frames, String txId) {
        return frames.stream().filter(f -> isEvent(f, null))
                .filter(f -> txId.equals(f.payload().at("/transactionInfo/transactionId").asText()))
                .map(f -> f.payload().at("/seqNo").asInt()).toList();
    }

    private void assertContiguousSeqNos(String txId) {
        List<Integer> seq = seqNos(csms.frames(), txId).stream().distinct().toList();
        assertThat(seq).isEqualTo(java.util.stream.IntStream.range(0, seq.size()).boxed().toList());
    }

    private List<String> displayLines() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        station.get("/api/v1/display").at("/lines").forEach(l -> lines.add(l.asText()));
        return lines;
    }

    private void awaitDisplay(String text) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(String.join("\n", displayLines()))
                .containsIgnoringCase(text));
    }
}
