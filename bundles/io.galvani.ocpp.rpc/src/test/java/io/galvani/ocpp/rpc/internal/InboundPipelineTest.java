package io.galvani.ocpp.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.messages.ClearCacheRequest;
import io.galvani.ocpp.model.messages.ResetRequest;
import io.galvani.ocpp.model.messages.ResetResponse;
import io.galvani.ocpp.model.types.ResetStatusEnumType;

/** The inbound frame pipeline without a socket: the CALLERROR mapping table of the README. */
class InboundPipelineTest {
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final List<String> replies = new ArrayList<>();
    private final List<String> responses = new ArrayList<>();
    private final List<String> order = new ArrayList<>();
    private OcppSessionGate gate;
    private InboundPipeline pipeline;

    @BeforeEach
    void setUp() {
        pipeline = new InboundPipeline(handlers, () -> gate, new InboundPipeline.Responses() {
            @Override
            public void onCallResult(String id, JsonNode frame) {
                responses.add("result " + id);
            }

            @Override
            public void onCallError(String id, JsonNode frame) {
                responses.add("error " + id);
            }

            @Override
            public void onMalformed(String id) {
                responses.add("malformed " + id);
            }
        }, Runnable::run);
        handlers.add(OcppRpcLinkTest.handler(ResetRequest.class, (q, c) -> {
            c.afterResponse(() -> order.add("after"));
            return ResetResponse.of(ResetStatusEnumType.Accepted);
        }), Map.of());
        handlers.add(OcppRpcLinkTest.handler(ClearCacheRequest.class, (q, c) -> {
            throw new IllegalStateException("bug in handler");
        }), Map.of());
    }

    private String reply(String frame) {
        replies.clear();
        pipeline.accept(frame, (f, after) -> {
            replies.add(f);
            order.add("written");
            after.run();
        });
        assertThat(replies).hasSizeLessThanOrEqualTo(1);
        return replies.isEmpty() ? null : replies.get(0);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json at all                               | -1  | RpcFrameworkError",
        "``                                            | -1  | RpcFrameworkError",
        "{\"a\":1}                                     | -1  | RpcFrameworkError",
        "[]                                            | -1  | RpcFrameworkError",
        "[2]                                           | -1  | RpcFrameworkError",
        "[2,\"a\",\"Reset\",{}] trailing               | a   | FormatViolation",
        "[2,\"a\",\"Reset\",{\"type\":]                | a   | FormatViolation",
        "[2,17,\"Reset\",{}]                           | -1  | RpcFrameworkError",
        "[2,\"\",\"Reset\",{}]                         | -1  | RpcFrameworkError",
        "[2,\"0123456789012345678901234567890123456\",\"Reset\",{}] | -1 | RpcFrameworkError",
        "[\"2\",\"a\",\"Reset\",{}]                    | a   | RpcFrameworkError",
        "[5,\"a\",\"Reset\",{}]                        | a   | MessageTypeNotSupported",
        "[2.5,\"a\",\"Reset\",{}]                      | a   | MessageTypeNotSupported",
        "[99999999999999999999,\"a\"]                  | a   | MessageTypeNotSupported",
        "[2,\"a\",\"Reset\"]                           | a   | ProtocolError",
        "[2,\"a\",\"Reset\",{},{}]                     | a   | ProtocolError",
        "[2,\"a\",7,{}]                                | a   | ProtocolError",
        "[2,\"a\",\"NoSuchAction\",{}]                 | a   | NotImplemented",
        "[2,\"a\",\"reset\",{\"type\":\"Immediate\"}]  | a   | NotImplemented",
        "[2,\"a\",\"BootNotification\",{}]             | a   | NotImplemented",
        "[2,\"a\",\"GetVariables\",{}]                 | a   | NotImplemented",
        "[2,\"a\",\"Reset\",[]]                        | a   | FormatViolation",
        "[2,\"a\",\"Reset\",null]                      | a   | FormatViolation",
        "[2,\"a\",\"Reset\",{}]                        | a   | OccurrenceConstraintViolation",
        "[2,\"a\",\"Reset\",{\"type\":5}]              | a   | TypeConstraintViolation",
        "[2,\"a\",\"Reset\",{\"type\":\"Sometimes\"}]  | a   | PropertyConstraintViolation",
        "[2,\"a\",\"Reset\",{\"type\":\"Immediate\",\"evseId\":1.5}] | a | TypeConstraintViolation",
        "[2,\"a\",\"ClearCache\",{}]                   | a   | InternalError",
    })
    void errorMapping(String frame, String id, OcppErrorCode code) throws Exception {
        String r = reply(frame);
        assertThat(r).as("reply to %s", frame).isNotNull();
        JsonNode n = FakeCsms.JSON.readTree(r);
        assertThat(n.size()).isEqualTo(5);
        assertThat(n.get(0).asInt()).isEqualTo(4);
        assertThat(n.get(1).asText()).isEqualTo(id);
        assertThat(n.get(2).asText()).isEqualTo(code.name());
        assertThat(n.get(3).asText()).hasSizeLessThanOrEqualTo(255);
        if (!frame.isBlank()) {
            assertThat(n.get(3).asText()).as("never echoes the frame").doesNotContain(frame);
        }
        assertThat(n.get(4).isObject()).isTrue();
    }

    @Test
    void validCallIsAnsweredWithItsResultAndAfterResponseRunsAfterTheWrite() {
        assertThat(reply("[2,\"ok-1\",\"Reset\",{\"type\":\"Immediate\"}]"))
                .isEqualTo("[3,\"ok-1\",{\"status\":\"Accepted\"}]");
        assertThat(order).containsExactly("written", "after");
    }

    @Test
    void gateRefusalUsesTheGatesErrorAndDetails() {
        gate = new OcppSessionGate() {
            @Override
            public boolean admitOutbound(OcppRequest<?> request) {
                return true;
            }

            @Override
            public Optional<OcppCallException> admitInbound(String action) {
                return Optional.of(new OcppCallException(OcppErrorCode.SecurityError, "Not accepted",
                        Map.of("state", "Rejected")));
            }
        };
        assertThat(reply("[2,\"g\",\"Reset\",{\"type\":\"Immediate\"}]"))
                .isEqualTo("[4,\"g\",\"SecurityError\",\"Not accepted\",{\"state\":\"Rejected\"}]");
    }

    @Test
    void B03_gateIsAskedBeforeTheHandlerLookup_soARejectedStationRefusesEvenActionsItLacks() {
        gate = new OcppSessionGate() {
            @Override
            public boolean admitOutbound(OcppRequest<?> request) {
                return false;
            }

            @Override
            public Optional<OcppCallException> admitInbound(String action) {
                return Optional.of(new OcppCallException(OcppErrorCode.SecurityError, "Rejected"));
            }
        };
        // No handler for ClearCache is registered: still SecurityError, not NotImplemented (B03.FR.08).
        assertThat(reply("[2,\"c\",\"ClearCache\",{}]")).isEqualTo("[4,\"c\",\"SecurityError\",\"Rejected\",{}]");
    }

    @Test
    void handlerCallExceptionIsAnsweredAsIs() {
        handlers.add(OcppRpcLinkTest.handler(ResetRequest.class, (q, c) -> {
            throw sneaky(new OcppCallException(OcppErrorCode.NotSupported, "x".repeat(400)));
        }), Map.of("service.ranking", 10));
        String r = reply("[2,\"h\",\"Reset\",{\"type\":\"Immediate\"}]");
        assertThat(r).startsWith("[4,\"h\",\"NotSupported\",\"xxx");
        assertThat(r).contains("x".repeat(255)).doesNotContain("x".repeat(256));
    }

    @Test
    void handlersLearnTheLengthOfTheFrameInBytes() {
        java.util.concurrent.atomic.AtomicInteger bytes = new java.util.concurrent.atomic.AtomicInteger();
        handlers.add(OcppRpcLinkTest.handler(ResetRequest.class, (q, c) -> {
            bytes.set(c.messageBytes());
            return ResetResponse.of(ResetStatusEnumType.Accepted);
        }), Map.of("service.ranking", 10));
        String frame = "[2,\"ü\",\"Reset\",{\"type\":\"Immediate\"}]";
        reply(frame);
        assertThat(bytes.get()).isEqualTo(frame.length() + 1); // ü is two bytes in UTF-8
    }

    @Test
    void responsesGoToTheOutboundSideAndAreNeverAnswered() {
        assertThat(reply("[3,\"r\",{}]")).isNull();
        assertThat(reply("[4,\"e\",\"GenericError\",\"\",{}]")).isNull();
        assertThat(reply("[3,\"m\",{\"broken\":")).isNull();
        assertThat(responses).containsExactly("result r", "error e", "malformed m");
    }

    @Test
    void deepNestingIsRefusedCheaply() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(reply(deep)).startsWith("[4,\"-1\",\"RpcFrameworkError\"");
        String deepPayload = "[2,\"d\",\"Reset\",{\"type\":" + "[".repeat(100) + "]".repeat(100) + "}]";
        assertThat(reply(deepPayload)).startsWith("[4,\"d\",\"FormatViolation\"");
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException sneaky(Exception e) throws E {
        throw (E) e;
    }
}
