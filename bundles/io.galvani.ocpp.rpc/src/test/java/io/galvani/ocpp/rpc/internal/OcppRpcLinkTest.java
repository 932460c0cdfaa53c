package io.galvani.ocpp.rpc.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.HeartbeatRequest;
import io.galvani.ocpp.model.messages.HeartbeatResponse;
import io.galvani.ocpp.model.messages.ResetRequest;
import io.galvani.ocpp.model.messages.ResetResponse;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.ChargingStationType;
import io.galvani.ocpp.model.types.RegistrationStatusEnumType;
import io.galvani.ocpp.model.types.ResetEnumType;
import io.galvani.ocpp.model.types.ResetStatusEnumType;

/** Loopback tests against a real Jetty WebSocket server acting as CSMS (OCPP-J Part 4). */
class OcppRpcLinkTest {
    private FakeCsms csms;
    private OcppRpcLink link;
    private final List<String> events = new CopyOnWriteArrayList<>();

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

    private OcppRpcLink start(TestConfig config) {
        link = new OcppRpcLink(Clock.systemUTC(), bound -> 0, TlsConfigurer.NONE);
        link.addListener(new OcppConnectionListener() {
            @Override
            public void connected(LinkStatus status) {
                events.add("connected");
            }

            @Override
            public void disconnected(LinkStatus status) {
                events.add("disconnected");
            }
        });
        link.start(config.build(), config.props());
        return link;
    }

    private OcppRpcLink startConnected(TestConfig config) {
        start(config);
        await().atMost(5, SECONDS).until(() -> link.status().connected());
        return link;
    }

    private static BootNotificationRequest boot() {
        return BootNotificationRequest.of(BootReasonEnumType.PowerUp, ChargingStationType.of("DC-150", "Galvani"));
    }

    static <Q extends OcppRequest<R>, R extends OcppResponse> OcppRequestHandler<Q, R> handler(Class<Q> type,
            BiFunction<Q, InboundCall, R> f) {
        return new OcppRequestHandler<>() {
            @Override
            public Class<Q> requestType() {
                return type;
            }

            @Override
            public R handle(Q request, InboundCall call) {
                return f.apply(request, call);
            }
        };
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        assertThatThrownBy(() -> f.get(10, SECONDS)).isInstanceOf(ExecutionException.class);
        return f.handle((v, t) -> t).join();
    }

    // ---------------------------------------------------------------- connection

    @Test
    void connectsWithSubprotocolAndBasicAuth() {
        startConnected(TestConfig.config(csms.url()).with("stationId", "CS 01").with("_basicAuthPassword", "s3cret!"));

        FakeCsms.Handshake h = csms.handshakes.get(0);
        assertThat(h.path()).isEqualTo("/ocpp/CS%2001");
        assertThat(h.subProtocols()).containsExactly("ocpp2.0.1");
        assertThat(h.authorization()).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("CS 01:s3cret!".getBytes(StandardCharsets.UTF_8)));
        LinkStatus st = link.status();
        assertThat(st.endpoint()).isEqualTo(csms.url() + "/CS%2001").doesNotContain("s3cret");
        assertThat(st.securityProfile()).isEqualTo(1);
        assertThat(st.lastError()).isNull();
        await().until(() -> events.contains("connected"));
    }

    @Test
    void noAuthorizationHeaderWithoutPassword() {
        startConnected(TestConfig.config(csms.url()));
        assertThat(csms.handshakes.get(0).authorization()).isNull();
        assertThat(csms.handshakes.get(0).path()).isEqualTo("/ocpp/GALVANI-0001");
    }

    @Test
    void subprotocolRefusedIsAFailedAttempt() {
        csms.acceptSubprotocol = false;
        start(TestConfig.config(csms.url()).with("retryBackOffWaitMinimumSeconds", 1)
                .with("retryBackOffRepeatTimes", 0));
        await().atMost(10, SECONDS).until(() -> csms.handshakes.size() >= 2);
        assertThat(link.status().connected()).isFalse();
        assertThat(link.status().lastError()).contains("subprotocol");
        assertThat(events).doesNotContain("connected");
    }

    @Test
    void securityProfile2WithoutTlsIsRejected() {
        start(TestConfig.config(csms.url()).with("securityProfile", 2));
        await().atMost(5, SECONDS).until(() -> link.status().lastError() != null);
        assertThat(link.status().lastError()).contains("securityProfile 2").contains("wss://");
        assertThat(csms.handshakes).isEmpty();
    }

    // ---------------------------------------------------------------- outbound CALLs

    @Test
    void callResultIsDecodedToTheResponseType() throws Exception {
        csms.responder = f -> "[3," + f.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\"}]";
        startConnected(TestConfig.config(csms.url()));

        HeartbeatResponse r = link.call(new HeartbeatRequest()).toCompletableFuture().get(10, SECONDS);

        assertThat(r.currentTime()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
        JsonNode call = csms.next();
        assertThat(call.size()).isEqualTo(4);
        assertThat(call.get(0).asInt()).isEqualTo(2);
        assertThat(call.get(1).asText()).hasSizeLessThanOrEqualTo(36);
        assertThat(call.get(2).asText()).isEqualTo("Heartbeat");
        assertThat(call.get(3).isObject()).isTrue();
    }

    @Test
    void onlyOneOutstandingCallAndOrderIsKept() throws Exception {
        csms.responder = f -> null; // answer by hand
        startConnected(TestConfig.config(csms.url()));

        CompletableFuture<BootNotificationResponse> first = link.call(boot()).toCompletableFuture();
        CompletableFuture<HeartbeatResponse> second = link.call(new HeartbeatRequest()).toCompletableFuture();

        JsonNode a = csms.next();
        assertThat(a.get(2).asText()).isEqualTo("BootNotification");
        assertThat(csms.poll(500)).as("second CALL must wait for the first answer").isNull();
        assertThat(link.status().queuedCalls()).isEqualTo(1);

        csms.send("[3," + a.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\",\"interval\":300,"
                + "\"status\":\"Accepted\"}]");
        assertThat(first.get(10, SECONDS).status()).isEqualTo(RegistrationStatusEnumType.Accepted);
        JsonNode b = csms.next();
        assertThat(b.get(2).asText()).isEqualTo("Heartbeat");
        csms.send("[3," + b.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:06Z\"}]");
        assertThat(second.get(10, SECONDS)).isNotNull();
    }

    @Test
    void timeoutFailsTheCallAndTheQueueMovesOn() throws Exception {
        csms.responder = f -> null;
        startConnected(TestConfig.config(csms.url()).with("messageTimeoutSeconds", 1));

        CompletableFuture<HeartbeatResponse> first = link.call(new HeartbeatRequest()).toCompletableFuture();
        CompletableFuture<HeartbeatResponse> second = link.call(new HeartbeatRequest()).toCompletableFuture();
        JsonNode a = csms.next();

        assertThat(failureOf(first)).isInstanceOf(OcppTimeoutException.class);
        JsonNode b = csms.next();
        assertThat(b.get(1)).isNotEqualTo(a.get(1));
        // a late answer to the first one is ignored, the second one completes normally
        csms.send("[3," + a.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\"}]");
        csms.send("[3," + b.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:06Z\"}]");
        assertThat(second.get(10, SECONDS).currentTime()).isEqualTo(Instant.parse("2025-01-02T03:04:06Z"));
        assertThat(link.status().connected()).isTrue();
    }

    @Test
    void callErrorFailsTheCallWithItsCode() throws Exception {
        csms.responder = f -> "[4," + f.get(1) + ",\"SecurityError\",\"not accepted yet\",{\"hint\":\"boot first\"}]";
        startConnected(TestConfig.config(csms.url()));

        Throwable t = failureOf(link.call(new HeartbeatRequest()).toCompletableFuture());

        assertThat(t).isInstanceOf(OcppCallException.class).hasMessage("not accepted yet");
        OcppCallException e = (OcppCallException) t;
        assertThat(e.errorCode()).isEqualTo(OcppErrorCode.SecurityError);
        assertThat(e.details()).containsEntry("hint", "boot first");
    }

    @Test
    void invalidCallResultFailsTheCallDescriptively() {
        csms.responder = f -> "[3," + f.get(1) + ",{\"currentTime\":42}]";
        startConnected(TestConfig.config(csms.url()));

        Throwable t = failureOf(link.call(new HeartbeatRequest()).toCompletableFuture());

        assertThat(t).isInstanceOf(io.galvani.ocpp.model.PayloadViolation.class)
                .hasMessageContaining("CALLRESULT for Heartbeat");
    }

    @Test
    void connectionLossFailsOutstandingKeepsQueuedAndReconnects() throws Exception {
        csms.responder = f -> null;
        startConnected(TestConfig.config(csms.url()).with("retryBackOffWaitMinimumSeconds", 1)
                .with("retryBackOffRepeatTimes", 0));
        CompletableFuture<HeartbeatResponse> outstanding = link.call(new HeartbeatRequest()).toCompletableFuture();
        csms.next();

        csms.refuseConnections = true;
        csms.drop();
        assertThat(failureOf(outstanding)).isInstanceOf(OcppConnectionException.class);
        await().until(() -> events.contains("disconnected"));
        assertThat(link.status().connected()).isFalse();

        CompletableFuture<BootNotificationResponse> queued = link.call(boot()).toCompletableFuture();
        await().until(() -> link.status().queuedCalls() == 1);
        int attempts = csms.handshakes.size();
        await().atMost(10, SECONDS).until(() -> csms.handshakes.size() >= attempts + 2);
        assertThat(csms.received).isEmpty();
        // no reconnect storm: refused attempts are RetryBackOffWaitMinimum (1 s) apart
        List<Long> t = csms.handshakeNanos;
        for (int i = Math.max(1, attempts); i < t.size(); i++) {
            assertThat(Duration.ofNanos(t.get(i) - t.get(i - 1))).isGreaterThan(Duration.ofMillis(900));
        }

        csms.refuseConnections = false;
        csms.responder = f -> "[3," + f.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\",\"interval\":300,"
                + "\"status\":\"Accepted\"}]";
        assertThat(queued.get(15, SECONDS).status()).isEqualTo(RegistrationStatusEnumType.Accepted);
        assertThat(link.status().connected()).isTrue();
        assertThat(link.status().queuedCalls()).isZero();
        assertThat(events).containsSubsequence("connected", "disconnected", "connected");
    }

    @Test
    void fullQueueFailsTheNewCall() throws Exception {
        csms.responder = f -> null;
        startConnected(TestConfig.config(csms.url()).with("offlineQueueCapacity", 2));
        link.call(new HeartbeatRequest()); // outstanding
        csms.next();
        link.call(new HeartbeatRequest());
        link.call(new HeartbeatRequest());
        Throwable t = failureOf(link.call(new HeartbeatRequest()).toCompletableFuture());
        assertThat(t).isInstanceOf(OcppConnectionException.class).hasMessageContaining("queue full");
    }

    @Test
    void gateHoldsOtherRequestsButAdmitsBootNotification() throws Exception {
        AtomicBoolean accepted = new AtomicBoolean();
        link = null;
        start(TestConfig.config(csms.url()));
        link.setGate(new OcppSessionGate() {
            @Override
            public boolean admitOutbound(OcppRequest<?> request) {
                return accepted.get() || request instanceof BootNotificationRequest;
            }

            @Override
            public Optional<OcppCallException> admitInbound(String action) {
                return Optional.empty();
            }
        });
        await().until(() -> link.status().connected());
        csms.responder = f -> null;

        CompletableFuture<HeartbeatResponse> hb = link.call(new HeartbeatRequest()).toCompletableFuture();
        CompletableFuture<BootNotificationResponse> bn = link.call(boot()).toCompletableFuture();
        JsonNode first = csms.next();
        assertThat(first.get(2).asText()).isEqualTo("BootNotification");
        csms.send("[3," + first.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\",\"interval\":300,"
                + "\"status\":\"Accepted\"}]");
        bn.get(10, SECONDS);
        assertThat(csms.poll(300)).as("Heartbeat is held by the gate").isNull();

        accepted.set(true);
        link.gateChanged();
        JsonNode second = csms.next();
        assertThat(second.get(2).asText()).isEqualTo("Heartbeat");
        csms.send("[3," + second.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\"}]");
        hb.get(10, SECONDS);
    }

    @Test
    void B02_FR_02_aTriggeredMessagePassesTheGateThatHoldsOthers() throws Exception {
        link = null;
        start(TestConfig.config(csms.url()));
        link.setGate(new OcppSessionGate() {
            @Override
            public boolean admitOutbound(OcppRequest<?> request) {
                return request instanceof BootNotificationRequest; // Pending: nothing else of its own
            }

            @Override
            public Optional<OcppCallException> admitInbound(String action) {
                return Optional.empty();
            }
        });
        await().until(() -> link.status().connected());
        csms.responder = f -> null;

        CompletableFuture<HeartbeatResponse> held = link.call(new HeartbeatRequest()).toCompletableFuture();
        CompletableFuture<HeartbeatResponse> triggered = link.callTriggered(new HeartbeatRequest()).toCompletableFuture();
        JsonNode sent = csms.next();
        assertThat(sent.get(2).asText()).isEqualTo("Heartbeat");
        csms.send("[3," + sent.get(1) + ",{\"currentTime\":\"2025-01-02T03:04:05Z\"}]");
        triggered.get(10, SECONDS);
        assertThat(csms.poll(300)).as("the untriggered Heartbeat is still held").isNull();
        assertThat(held).isNotDone();
    }

    @Test
    void gateRefusesInboundWithItsError() throws Exception {
        start(TestConfig.config(csms.url()));
        link.addHandler(handler(ResetRequest.class, (q, c) -> ResetResponse.of(ResetStatusEnumType.Accepted)), Map.of());
        link.setGate(new OcppSessionGate() {
            @Override
            public boolean admitOutbound(OcppRequest<?> request) {
                return true;
            }

            @Override
            public Optional<OcppCallException> admitInbound(String action) {
                return Optional.of(new OcppCallException(OcppErrorCode.SecurityError, "Rejected by CSMS"));
            }
        });
        await().until(() -> link.status().connected());
        csms.send("[2,\"g1\",\"Reset\",{\"type\":\"Immediate\"}]");
        JsonNode r = csms.next();
        assertThat(r.toString()).isEqualTo("[4,\"g1\",\"SecurityError\",\"Rejected by CSMS\",{}]");
    }

    @Test
    void callForAnActionTheCsmsSendsIsRefusedLocally() {
        startConnected(TestConfig.config(csms.url()));
        Throwable t = failureOf(link.call(ResetRequest.of(ResetEnumType.Immediate)).toCompletableFuture());
        assertThat(t).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- inbound CALLs

    @Test
    void inboundCallsAreDispatchedToTheHighestRankedHandler() throws Exception {
        startConnected(TestConfig.config(csms.url()));
        link.addHandler(handler(ResetRequest.class, (q, c) -> ResetResponse.of(ResetStatusEnumType.Rejected)),
                Map.of("service.ranking", 1, "service.id", 10L));
        link.addHandler(handler(ResetRequest.class, (q, c) -> {
            assertThat(c.messageId()).isEqualTo("r-1");
            assertThat(c.action()).isEqualTo("Reset");
            return ResetResponse.of(q.type() == ResetEnumType.OnIdle ? ResetStatusEnumType.Scheduled
                    : ResetStatusEnumType.Accepted);
        }), Map.of("service.ranking", 5, "service.id", 11L));

        csms.send("[2,\"r-1\",\"Reset\",{\"type\":\"OnIdle\"}]");

        assertThat(csms.next().toString()).isEqualTo("[3,\"r-1\",{\"status\":\"Scheduled\"}]");
    }

    @Test
    void handlerRemovalAnswersNotImplementedAgain() throws Exception {
        startConnected(TestConfig.config(csms.url()));
        OcppRequestHandler<ResetRequest, ResetResponse> h = handler(ResetRequest.class,
                (q, c) -> ResetResponse.of(ResetStatusEnumType.Accepted));
        link.addHandler(h, Map.of());
        csms.send("[2,\"a\",\"Reset\",{\"type\":\"Immediate\"}]");
        assertThat(csms.next().get(0).asInt()).isEqualTo(3);

        link.removeHandler(h);
        csms.send("[2,\"b\",\"Reset\",{\"type\":\"Immediate\"}]");
        JsonNode r = csms.next();
        assertThat(r.get(1).asText()).isEqualTo("b");
        assertThat(r.get(2).asText()).isEqualTo("NotImplemented");
    }

    @Test
    void badFramesAreAnsweredAndTheConnectionStaysUp() throws Exception {
        startConnected(TestConfig.config(csms.url()));

        csms.send("[2,\"u1\",\"NoSuchAction\",{}]");
        assertThat(csms.next().get(2).asText()).isEqualTo("NotImplemented");
        csms.send("this is { not json");
        assertThat(csms.next().toString()).startsWith("[4,\"-1\",\"RpcFrameworkError\",");
        csms.send("[7,\"t1\",\"Reset\",{}]");
        assertThat(csms.next().toString()).startsWith("[4,\"t1\",\"MessageTypeNotSupported\",");
        csms.send("[2,\"s1\",\"Heartbeat\",{}]"); // station-initiated action
        assertThat(csms.next().get(2).asText()).isEqualTo("NotImplemented");

        assertThat(link.status().connected()).isTrue();
        assertThat(csms.connections.get()).isEqualTo(1);
    }

    @Test
    void afterResponseRunsOnlyOnceTheCallResultWasWritten() throws Exception {
        startConnected(TestConfig.config(csms.url()));
        link.addHandler(handler(ResetRequest.class, (q, c) -> {
            c.afterResponse(() -> link.call(new HeartbeatRequest()));
            return ResetResponse.of(ResetStatusEnumType.Accepted);
        }), Map.of());

        csms.send("[2,\"x\",\"Reset\",{\"type\":\"Immediate\"}]");

        assertThat(csms.next().get(0).asInt()).as("CALLRESULT first").isEqualTo(3);
        assertThat(csms.next().get(2).asText()).as("then the CALL from afterResponse").isEqualTo("Heartbeat");
    }

    @Test
    void oversizedFrameClosesWith1009AndTheLinkReconnects() throws Exception {
        startConnected(TestConfig.config(csms.url()).with("maxFrameBytes", 1024));
        link.addHandler(handler(ResetRequest.class, (q, c) -> ResetResponse.of(ResetStatusEnumType.Accepted)), Map.of());

        csms.send("[2,\"big\",\"DataTransfer\",{\"vendorId\":\"" + "x".repeat(4000) + "\"}]");

        await().atMost(10, SECONDS).until(() -> csms.connections.get() == 2 && link.status().connected());
        assertThat(events).containsSubsequence("connected", "disconnected", "connected");
        csms.send("[2,\"ok\",\"Reset\",{\"type\":\"Immediate\"}]");
        JsonNode r = csms.next();
        assertThat(r.get(1).asText()).isEqualTo("ok");
        assertThat(r.get(0).asInt()).isEqualTo(3);
    }

    @Test
    void missingPongsDropTheConnectionAndTheLinkReconnects() {
        startConnected(TestConfig.config(csms.url()).with("webSocketPingIntervalSeconds", 1));
        await().atMost(5, SECONDS).until(() -> csms.pings.get() >= 1);
        assertThat(csms.connections.get()).as("pongs answered: connection kept").isEqualTo(1);

        csms.answerPings = false;
        await().atMost(10, SECONDS).until(() -> csms.connections.get() == 2 && link.status().connected());
        assertThat(events).containsSubsequence("connected", "disconnected", "connected");
    }

    // ---------------------------------------------------------------- configuration and lifecycle

    @Test
    void modifiedAppliesTimingLiveAndReconnectsOnIdentityChange() throws Exception {
        TestConfig cfg = TestConfig.config(csms.url());
        startConnected(cfg);

        cfg.with("webSocketPingIntervalSeconds", 5).with("messageTimeoutSeconds", 10);
        link.modified(cfg.build(), cfg.props());
        assertThat(csms.poll(300)).isNull();
        assertThat(csms.connections.get()).isEqualTo(1);

        cfg.with("stationId", "OTHER-1");
        link.modified(cfg.build(), cfg.props());
        await().atMost(10, SECONDS).until(() -> csms.connections.get() == 2 && link.status().connected());
        assertThat(csms.handshakes.get(1).path()).isEqualTo("/ocpp/OTHER-1");
        assertThat(link.status().endpoint()).endsWith("/OTHER-1");
    }

    @Test
    void deactivateFailsEverythingAndLeavesNoThreads() throws Exception {
        long before = transportThreads();
        csms.responder = f -> null;
        startConnected(TestConfig.config(csms.url()).with("webSocketPingIntervalSeconds", 1));
        CompletableFuture<HeartbeatResponse> outstanding = link.call(new HeartbeatRequest()).toCompletableFuture();
        CompletableFuture<HeartbeatResponse> queued = link.call(new HeartbeatRequest()).toCompletableFuture();
        csms.next();
        assertThat(transportThreads()).isGreaterThan(before);

        long t0 = System.nanoTime();
        link.deactivate();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));

        assertThat(failureOf(outstanding)).isInstanceOf(OcppConnectionException.class);
        assertThat(failureOf(queued)).isInstanceOf(OcppConnectionException.class);
        assertThat(failureOf(link.call(new HeartbeatRequest()).toCompletableFuture()))
                .isInstanceOf(OcppConnectionException.class);
        await().atMost(5, SECONDS).until(() -> transportThreads() == 0);
        link = null;
    }

    private static long transportThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(OcppRpcLink.THREAD_PREFIX)).count();
    }
}
