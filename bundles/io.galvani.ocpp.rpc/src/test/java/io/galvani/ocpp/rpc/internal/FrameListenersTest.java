package io.galvani.ocpp.rpc.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.OcppFrame;
import io.galvani.ocpp.api.OcppFrame.Direction;
import io.galvani.ocpp.api.OcppFrameListener;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.messages.HeartbeatRequest;
import io.galvani.ocpp.model.messages.HeartbeatResponse;

/** The OcppFrameListener whiteboard and OcppLink.statistics() over a real WebSocket on loopback. */
class FrameListenersTest {
    private FakeCsms csms;
    private OcppRpcLink link;
    private final List<OcppFrame> frames = new CopyOnWriteArrayList<>();
    private final OcppFrameListener recorder = frames::add;

    @BeforeEach
    void startCsms() throws Exception {
        csms = new FakeCsms();
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.deactivate();
        }
        csms.close();
    }

    /** Answers the station's Heartbeats; ignores everything else. */
    private static String heartbeatAnswer(JsonNode frame) {
        return frame.get(0).asInt() == 2 ? "[3," + frame.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\"}]"
                : null;
    }

    private void startConnected(TestConfig config) {
        csms.responder = FrameListenersTest::heartbeatAnswer;
        link = new OcppRpcLink(Clock.systemUTC(), bound -> 0, TlsConfigurer.NONE);
        link.addFrameListener(recorder);
        link.start(config.build(), config.props());
        await().atMost(5, SECONDS).until(() -> link.status().connected());
    }

    @Test
    void everyFrameInBothDirections_inOrder_withItsTextAndTime() throws Exception {
        startConnected(TestConfig.config(csms.url()));
        OcppFrameListener failing = f -> {
            throw new IllegalStateException("listener bug");
        };
        link.addFrameListener(failing);

        link.call(new HeartbeatRequest()).toCompletableFuture().get(10, SECONDS);
        JsonNode call = csms.next();
        // A CALL from the CSMS that no handler serves: answered with a CALLERROR, both frames told.
        csms.send("[2,\"csms-1\",\"Reset\",{\"type\":\"Immediate\"}]");
        csms.next();

        await().until(() -> frames.size() >= 4);
        assertThat(frames).extracting(OcppFrame::direction)
                .containsExactly(Direction.SENT, Direction.RECEIVED, Direction.RECEIVED, Direction.SENT);
        assertThat(frames.get(0).text()).startsWith("[2,").contains("\"Heartbeat\"").contains(call.get(1).asText());
        assertThat(frames.get(1).text()).isEqualTo("[3," + call.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\"}]");
        assertThat(frames.get(2).text()).contains("\"Reset\"");
        assertThat(frames.get(3).text()).startsWith("[4,\"csms-1\"");
        assertThat(frames).allSatisfy(f -> assertThat(f.at()).isNotNull());
        assertThat(link.status().connected()).as("a throwing listener does not hurt the link").isTrue();
    }

    @Test
    void secretsAreRedactedBeforeListenersSeeThem() throws Exception {
        startConnected(TestConfig.config(csms.url()));

        csms.send("[2,\"sv-1\",\"SetVariables\",{\"setVariableData\":[{\"attributeValue\":\"Secret-Passw0rd-123\","
                + "\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":\"BasicAuthPassword\"}}]}]");
        csms.send("[2,\"gl-1\",\"GetLog\",{\"logType\":\"DiagnosticsLog\",\"requestId\":1,"
                + "\"log\":{\"remoteLocation\":\"ftp://user:pa55@logs.example/upload\"}}]");
        csms.next();
        csms.next();

        await().until(() -> frames.stream().filter(f -> f.direction() == Direction.RECEIVED).count() == 2);
        assertThat(frames).noneSatisfy(f -> assertThat(f.text()).contains("Secret-Passw0rd-123"));
        assertThat(frames).noneSatisfy(f -> assertThat(f.text()).contains("pa55"));
        assertThat(frames).anySatisfy(f -> assertThat(f.text()).contains("\"attributeValue\":\"***\""));
        assertThat(frames).anySatisfy(f -> assertThat(f.text()).contains("ftp://***@logs.example/upload"));
    }

    @Test
    void aRemovedListenerIsToldNothingMore() throws Exception {
        startConnected(TestConfig.config(csms.url()));
        link.removeFrameListener(recorder);
        frames.clear();

        link.call(new HeartbeatRequest()).toCompletableFuture().get(10, SECONDS);

        assertThat(frames).isEmpty();
    }

    @Test
    void statistics_countCallsAnswersTimeoutsAndReconnects() throws Exception {
        startConnected(TestConfig.config(csms.url()).with("messageTimeoutSeconds", 1)
                .with("retryBackOffWaitMinimumSeconds", 1).with("retryBackOffRepeatTimes", 0));
        assertThat(link.statistics()).isEqualTo(LinkStatistics.NONE);

        link.call(new HeartbeatRequest()).toCompletableFuture().get(10, SECONDS);
        LinkStatistics afterOne = link.statistics();
        assertThat(afterOne.callsSent()).isEqualTo(1);
        assertThat(afterOne.lastRoundTrip()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(afterOne.averageRoundTrip()).as("the first sample starts the average")
                .isEqualTo(afterOne.lastRoundTrip());

        csms.responder = f -> null;
        CompletableFuture<HeartbeatResponse> unanswered = link.call(new HeartbeatRequest()).toCompletableFuture();
        csms.next();
        csms.next();
        try {
            unanswered.get(10, SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(OcppTimeoutException.class);
        }
        csms.send("[2,\"csms-2\",\"Reset\",{\"type\":\"Immediate\"}]");
        await().until(() -> link.statistics().callsReceived() == 1);

        csms.drop();
        await().atMost(10, SECONDS).until(() -> link.statistics().reconnects() == 1 && link.status().connected());
        LinkStatistics end = link.statistics();
        assertThat(end.callsSent()).isEqualTo(2);
        assertThat(end.timeouts()).isEqualTo(1);
        assertThat(end.lastRoundTrip()).isEqualTo(afterOne.lastRoundTrip());
    }

    @Test
    void averageRoundTrip_isAnEwmaWithWeightOneEighth() {
        LinkCounters counters = new LinkCounters();
        counters.answered(Duration.ofMillis(80).toNanos());
        counters.answered(Duration.ofMillis(160).toNanos());

        LinkStatistics s = counters.snapshot();
        assertThat(s.lastRoundTrip()).isEqualTo(Duration.ofMillis(160));
        assertThat(s.averageRoundTrip()).isEqualTo(Duration.ofMillis(90)); // 80 + (160 - 80) / 8
        counters.connected();
        assertThat(counters.snapshot().reconnects()).as("the first connection is no reconnect").isZero();
        counters.connected();
        assertThat(counters.snapshot().reconnects()).isEqualTo(1);
    }
}
