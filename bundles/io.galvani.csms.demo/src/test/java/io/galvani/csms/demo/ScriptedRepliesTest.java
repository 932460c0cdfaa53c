package io.galvani.csms.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class ScriptedRepliesTest extends CsmsTestBase {

    @Override
    CsmsOptions options() {
        return CsmsOptions.builder().reply("BootNotification", Replies.bootNotification("Pending", 10)).build();
    }

    @Test
    void optionsReplaceTheDefault() throws Exception {
        try (TestStation station = connect()) {
            JsonNode payload = station.call("BootNotification", "{\"reason\":\"PowerUp\"}").get(2);
            assertThat(payload.get("status").asText()).isEqualTo("Pending");
            assertThat(payload.get("interval").intValue()).isEqualTo(10);
        }
    }

    @Test
    void scriptedResultSeesStationAndPayload() throws Exception {
        csms.onCall("Authorize", (stationId, messageId, payload) -> Reply.result(
                "{\"idTokenInfo\":{\"status\":\"" + (payload.at("/idToken/idToken").asText().equals("BAD")
                        ? "Blocked" : "Accepted") + "\"},\"x\":\"" + stationId + "\"}"));
        try (TestStation station = connect()) {
            JsonNode payload = station.call("Authorize", "{\"idToken\":{\"idToken\":\"BAD\",\"type\":\"Local\"}}")
                    .get(2);
            assertThat(payload.at("/idTokenInfo/status").asText()).isEqualTo("Blocked");
            assertThat(payload.get("x").asText()).isEqualTo(STATION);
        }
    }

    @Test
    void scriptedCallError() throws Exception {
        csms.onCall("TransactionEvent", Replies.always(Reply.error("InternalError", "try again")));
        try (TestStation station = connect()) {
            JsonNode answer = station.call("TransactionEvent", "{}");
            assertThat(answer.get(0).intValue()).isEqualTo(4);
            assertThat(answer.get(2).asText()).isEqualTo("InternalError");
            assertThat(answer.get(3).asText()).isEqualTo("try again");
        }
    }

    @Test
    void noneNeverAnswers() throws Exception {
        csms.onCall("Heartbeat", Replies.always(Reply.none()));
        try (TestStation station = connect()) {
            String unanswered = station.sendCall("Heartbeat", "{}");
            // The CSMS handles one connection's frames in order: the next answer proves the first got none.
            String answered = station.sendCall("StatusNotification", "{}");
            assertThat(station.next().get(1).asText()).isEqualTo(answered);
            assertThat(csms.frames(STATION)).filteredOn(f -> unanswered.equals(f.messageId())).hasSize(1);
        }
    }

    @Test
    void delayedReplyComesLate() throws Exception {
        csms.onCall("Heartbeat", (s, id, p) -> Reply.empty().after(Duration.ofMillis(300)));
        try (TestStation station = connect()) {
            long start = System.nanoTime();
            JsonNode answer = station.call("Heartbeat", "{}");
            assertThat(answer.get(0).intValue()).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void nullRestoresTheDefault() throws Exception {
        csms.onCall("Heartbeat", Replies.always(Reply.error("GenericError", "")));
        csms.onCall("Heartbeat", null);
        try (TestStation station = connect()) {
            assertThat(station.call("Heartbeat", "{}").get(2).has("currentTime")).isTrue();
        }
    }

    @Test
    void throwingResponderAnswersInternalError() throws Exception {
        csms.onCall("Heartbeat", (s, id, p) -> {
            throw new IllegalStateException("script bug");
        });
        try (TestStation station = connect()) {
            assertThat(station.call("Heartbeat", "{}").get(2).asText()).isEqualTo("InternalError");
        }
    }
}
