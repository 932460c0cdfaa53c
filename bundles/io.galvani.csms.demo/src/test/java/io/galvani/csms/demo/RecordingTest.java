package io.galvani.csms.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RecordingTest extends CsmsTestBase {

    /** Flags a BootNotification without a reason: stands in for the schema validator of the tests module. */
    static final FrameValidator NEEDS_REASON = frame -> frame.isCall() && "BootNotification".equals(frame.action())
            && !frame.payload().has("reason") ? List.of("BootNotification: reason is required") : List.of();

    @Override
    CsmsOptions options() {
        return CsmsOptions.builder().validator(NEEDS_REASON).build();
    }

    @Test
    void recordsBothDirectionsInOrder() throws Exception {
        try (TestStation station = connect()) {
            String id = station.sendCall("BootNotification", "{\"reason\":\"PowerUp\"}");
            station.next(id);
            List<Frame> frames = csms.frames(STATION);
            assertThat(frames).hasSize(2);
            Frame call = frames.get(0);
            assertThat(call.dir()).isEqualTo(Direction.TO_CSMS);
            assertThat(call.messageTypeId()).isEqualTo(Frame.CALL);
            assertThat(call.messageId()).isEqualTo(id);
            assertThat(call.action()).isEqualTo("BootNotification");
            assertThat(call.payload().get("reason").asText()).isEqualTo("PowerUp");
            assertThat(call.stationId()).isEqualTo(STATION);
            Frame result = frames.get(1);
            assertThat(result.dir()).isEqualTo(Direction.TO_STATION);
            assertThat(result.messageTypeId()).isEqualTo(Frame.CALL_RESULT);
            assertThat(result.action()).isEqualTo("BootNotification");
            assertThat(result.messageId()).isEqualTo(id);
            assertThat(result.at()).isAfterOrEqualTo(call.at());
            assertThat(csms.violations()).isEmpty();
        }
    }

    @Test
    void awaitCallFindsEarlierFramesAndWaitsForLaterOnes() throws Exception {
        try (TestStation station = connect()) {
            station.call("Heartbeat", "{}");
            assertThat(csms.awaitCall("Heartbeat", Duration.ZERO).action()).isEqualTo("Heartbeat");

            int mark = csms.mark();
            CompletableFuture<Frame> waiter = CompletableFuture.supplyAsync(
                    () -> csms.awaitCall(mark, "Heartbeat", TestStation.TIMEOUT));
            String second = station.sendCall("Heartbeat", "{}");
            assertThat(waiter.get(5, TimeUnit.SECONDS).messageId()).isEqualTo(second);
        }
    }

    @Test
    void awaitTimesOutWithRecentTraffic() throws Exception {
        try (TestStation station = connect()) {
            station.call("Heartbeat", "{}");
            assertThatThrownBy(() -> csms.awaitCall(csms.mark(), "Heartbeat", Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("No CALL Heartbeat")
                    .hasMessageContaining("GALVANI-0001 → CSMS  Heartbeat");
        }
    }

    @Test
    void validatorViolationIsRecordedAndStillAnswered() throws Exception {
        try (TestStation station = connect()) {
            assertThat(station.call("BootNotification", "{}").get(0).intValue()).isEqualTo(3);
            assertThat(csms.violations()).singleElement().satisfies(frame -> {
                assertThat(frame.action()).isEqualTo("BootNotification");
                assertThat(frame.violations()).containsExactly("BootNotification: reason is required");
            });
        }
    }

    @Test
    void framingViolationsAreRecorded() throws Exception {
        try (TestStation station = connect()) {
            station.send("[2,\"" + "x".repeat(37) + "\",\"Heartbeat\",{}]");
            station.next(); // CALLERROR RpcFrameworkError, echoing the (too long) id
            assertThat(csms.violations()).filteredOn(f -> f.dir() == Direction.TO_CSMS).singleElement()
                    .satisfies(f -> assertThat(f.violations()).anyMatch(v -> v.contains("longer than 36")));
        }
    }

    @Test
    void unreadableFrameIsAnsweredWithRpcFrameworkError() throws Exception {
        try (TestStation station = connect()) {
            station.send("not json");
            var answer = station.next();
            assertThat(answer.get(0).intValue()).isEqualTo(4);
            assertThat(answer.get(1).asText()).isEqualTo("-1");
            assertThat(answer.get(2).asText()).isEqualTo("RpcFrameworkError");
            assertThat(csms.frames(STATION).get(0).messageTypeId()).isEqualTo(-1);
        }
    }

    @Test
    void unknownMessageTypeIsAnsweredWithMessageTypeNotSupported() throws Exception {
        try (TestStation station = connect()) {
            station.send("[7,\"m1\",{}]");
            var answer = station.next();
            assertThat(answer.get(1).asText()).isEqualTo("m1");
            assertThat(answer.get(2).asText()).isEqualTo("MessageTypeNotSupported");
        }
    }

    @Test
    void resultWithoutOutstandingCallIsAViolation() throws Exception {
        try (TestStation station = connect()) {
            station.send("[3,\"nobody-asked\",{}]");
            Frame frame = csms.awaitFrame(Frame::hasViolations, TestStation.TIMEOUT);
            assertThat(frame.violations()).containsExactly("No outstanding CSMS CALL with messageId nobody-asked");
            assertThat(frame.action()).isNull();
        }
    }
}
