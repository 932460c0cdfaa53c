package io.galvani.csms.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class CsmsInitiatedTest extends CsmsTestBase {

    @Test
    void callRoundTrip() throws Exception {
        try (TestStation station = connect()) {
            CompletableFuture<JsonNode> result = csms.call(STATION, "Reset", "{\"type\":\"Immediate\"}");
            JsonNode call = station.next();
            assertThat(call.get(0).intValue()).isEqualTo(2);
            assertThat(call.get(1).asText()).hasSizeLessThanOrEqualTo(36);
            assertThat(call.get(2).asText()).isEqualTo("Reset");
            assertThat(call.at("/3/type").asText()).isEqualTo("Immediate");

            station.send("[3,\"" + call.get(1).asText() + "\",{\"status\":\"Accepted\"}]");

            assertThat(result.get(5, TimeUnit.SECONDS).get("status").asText()).isEqualTo("Accepted");
            Frame answer = csms.frames(STATION).get(1);
            assertThat(answer.dir()).isEqualTo(Direction.TO_CSMS);
            assertThat(answer.isCallResult()).isTrue();
            assertThat(answer.action()).isEqualTo("Reset");
            assertThat(answer.hasViolations()).isFalse();
        }
    }

    @Test
    void callErrorCompletesExceptionally() throws Exception {
        try (TestStation station = connect()) {
            CompletableFuture<JsonNode> result = csms.call(STATION, "SetChargingProfile", "{}");
            String id = station.next().get(1).asText();
            station.send("[4,\"" + id + "\",\"NotImplemented\",\"no smart charging\",{}]");
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(CsmsCallError.class, e -> {
                        assertThat(e.code()).isEqualTo("NotImplemented");
                        assertThat(e.description()).isEqualTo("no smart charging");
                    });
            assertThat(csms.frames(STATION).get(1).action()).isEqualTo("SetChargingProfile");
        }
    }

    @Test
    void callToUnknownStationFails() {
        assertThat(csms.call("NOBODY", "Reset", "{}")).isCompletedExceptionally();
    }

    @Test
    void pendingCallFailsWhenStationDisconnects() throws Exception {
        TestStation station = connect();
        CompletableFuture<JsonNode> result = csms.call(STATION, "Reset", "{\"type\":\"OnIdle\"}");
        station.next();
        station.close();
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendRawSendsTextAsIsAndRecordsIt() throws Exception {
        try (TestStation station = connect()) {
            csms.sendRaw(STATION, "[2,\"x\",\"Reset\"");
            assertThat(station.received.poll(5, TimeUnit.SECONDS)).isEqualTo("[2,\"x\",\"Reset\"");
            Frame sent = csms.frames(STATION).get(0);
            assertThat(sent.dir()).isEqualTo(Direction.TO_STATION);
            assertThat(sent.messageTypeId()).isEqualTo(-1);
            assertThat(sent.violations()).isNotEmpty();
        }
    }

    @Test
    void answerToRawCallIsMatched() throws Exception {
        try (TestStation station = connect()) {
            csms.sendRaw(STATION, "[2,\"raw-1\",\"ClearCache\",{}]");
            station.next();
            station.send("[3,\"raw-1\",{\"status\":\"Accepted\"}]");
            Frame answer = csms.awaitFrame(f -> f.isCallResult() && f.dir() == Direction.TO_CSMS, TestStation.TIMEOUT);
            assertThat(answer.action()).isEqualTo("ClearCache");
            assertThat(answer.violations()).isEmpty();
        }
    }

    @Test
    void disconnectDropsTheSocketAndReconnectIsCounted() throws Exception {
        TestStation first = connect();
        csms.disconnect(STATION);
        assertThat(first.closed.get(5, TimeUnit.SECONDS)).isNotEqualTo(StatusCode.NORMAL);
        csms.awaitDisconnected(STATION, TestStation.TIMEOUT);
        assertThat(csms.isConnected(STATION)).isFalse();

        try (TestStation second = connect()) {
            assertThat(csms.isConnected(STATION)).isTrue();
            assertThat(csms.connectionCount(STATION)).isEqualTo(2);
            assertThat(second.call("Heartbeat", "{}").get(0).intValue()).isEqualTo(3);
        }
    }

    @Test
    void awaitConnectedTimesOutWithAClearMessage() {
        assertThatThrownBy(() -> csms.awaitConnected("NOBODY", Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("NOBODY not connected");
    }
}
