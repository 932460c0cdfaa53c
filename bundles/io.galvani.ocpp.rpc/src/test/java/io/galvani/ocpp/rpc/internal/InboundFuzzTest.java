package io.galvani.ocpp.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.Action;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.PayloadViolation;

/**
 * Throws ≥ 100,000 mutated frames at the inbound pipeline (decoder + dispatcher, no socket). Seed:
 * {@code -Dfuzz.seed=<n>} to reproduce a run; the seed in use is printed.
 */
class InboundFuzzTest {
    private static final int FRAMES = Integer.getInteger("fuzz.frames", 100_000);
    private static final long SEED = Long.getLong("fuzz.seed", 0x6A17A41L);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory ORACLE = new JsonFactory();
    private static final Set<String> ERROR_CODES = EnumSet.allOf(OcppErrorCode.class).stream().map(Enum::name)
            .collect(Collectors.toSet());

    private static final String[] SEEDS = {
        "[2,\"seed-reset\",\"Reset\",{\"type\":\"Immediate\",\"evseId\":1}]",
        "[2,\"seed-avail\",\"ChangeAvailability\",{\"operationalStatus\":\"Inoperative\",\"evse\":{\"id\":1,\"connectorId\":1}}]",
        "[2,\"seed-unlock\",\"UnlockConnector\",{\"evseId\":1,\"connectorId\":1}]",
        "[2,\"seed-trigger\",\"TriggerMessage\",{\"requestedMessage\":\"StatusNotification\",\"evse\":{\"id\":1}}]",
        "[2,\"seed-cache\",\"ClearCache\",{}]",
        "[2,\"seed-dt\",\"DataTransfer\",{\"vendorId\":\"io.galvani\",\"messageId\":\"x\",\"data\":{\"a\":[1,2,{\"b\":null}]}}]",
        "[2,\"seed-getvar\",\"GetVariables\",{\"getVariableData\":[{\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"MessageTimeout\"},\"attributeType\":\"Actual\"}]}]",
        "[2,\"seed-setvar\",\"SetVariables\",{\"setVariableData\":[{\"attributeValue\":\"30\",\"component\":"
                + "{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"MessageTimeout\"}}]}]",
        "[2,\"seed-start\",\"RequestStartTransaction\",{\"idToken\":{\"idToken\":\"ABC\",\"type\":\"ISO14443\"},"
                + "\"remoteStartId\":1,\"evseId\":1}]",
        "[2,\"seed-stop\",\"RequestStopTransaction\",{\"transactionId\":\"tx-1\"}]",
        "[2,\"seed-report\",\"GetBaseReport\",{\"requestId\":1,\"reportBase\":\"FullInventory\"}]",
        "[2,\"seed-profile\",\"SetChargingProfile\",{\"evseId\":1,\"chargingProfile\":{\"id\":1,\"stackLevel\":0,"
                + "\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":\"Absolute\","
                + "\"chargingSchedule\":[{\"id\":1,\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":"
                + "[{\"startPeriod\":0,\"limit\":11000.5}]}]}}]",
        "[2,\"seed-hb\",\"Heartbeat\",{}]",
        "[2,\"seed-boot\",\"BootNotification\",{\"reason\":\"PowerUp\",\"chargingStation\":{\"model\":\"M\","
                + "\"vendorName\":\"V\"}}]",
        "[3,\"seed-result\",{\"currentTime\":\"2025-01-01T00:00:00Z\"}]",
        "[4,\"seed-error\",\"GenericError\",\"desc\",{}]",
    };

    @Test
    void mutatedFramesNeverEscapeAndEveryReadableCallGetsExactlyOneReply() throws Exception {
        System.out.println("InboundFuzzTest: seed=" + SEED + " (rerun with -Dfuzz.seed=" + SEED + "), frames=" + FRAMES);
        Random random = new Random(SEED);
        HandlerRegistry handlers = new HandlerRegistry();
        register(handlers);
        OutboundQueue outbound = new OutboundQueue(null, () -> null);
        AtomicInteger afterTasks = new AtomicInteger();
        InboundPipeline pipeline = new InboundPipeline(handlers, () -> null, new InboundPipeline.Responses() {
            @Override
            public void onCallResult(String id, JsonNode frame) {
                outbound.onCallResult(id, frame);
            }

            @Override
            public void onCallError(String id, JsonNode frame) {
                outbound.onCallError(id, frame);
            }

            @Override
            public void onMalformed(String id) {
                outbound.onMalformed(id);
            }
        }, task -> afterTasks.incrementAndGet());

        Logger pipelineLog = (Logger) LoggerFactory.getLogger(InboundPipeline.class);
        Logger queueLog = (Logger) LoggerFactory.getLogger(OutboundQueue.class);
        Level oldLevel = pipelineLog.getLevel();
        boolean oldAdditive = pipelineLog.isAdditive();
        Level oldQueueLevel = queueLog.getLevel();
        BugCounter bugs = new BugCounter();
        bugs.start();
        pipelineLog.addAppender(bugs);
        pipelineLog.setAdditive(false); // the deliberate handler failures would flood the console
        pipelineLog.setLevel(Level.ERROR);
        queueLog.setLevel(Level.WARN);

        List<String> replies = new ArrayList<>(2);
        int readableCalls = 0;
        int results = 0;
        long heapAt10k = 0;
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < FRAMES; i++) {
                String frame = mutate(SEEDS[random.nextInt(SEEDS.length)], random);
                replies.clear();
                try {
                    pipeline.accept(frame, (f, after) -> {
                        replies.add(f);
                        after.run();
                    });
                } catch (Throwable t) {
                    fail("frame #" + i + " (seed " + SEED + ") threw " + t + ": " + excerpt(frame), t);
                }
                String readableId = readableCallId(frame);
                assertThat(replies).as("frame #%d %s", i, excerpt(frame)).hasSizeLessThanOrEqualTo(1);
                if (readableId != null) {
                    readableCalls++;
                    assertThat(replies).as("readable CALL #%d %s", i, excerpt(frame)).hasSize(1);
                }
                for (String r : replies) {
                    JsonNode n = checkFraming(r, i, frame);
                    if (readableId != null) {
                        assertThat(n.get(1).textValue()).as("reply id for #%d", i).isEqualTo(readableId);
                    } else {
                        assertThat(n.get(0).intValue()).as("only CALLERROR for a non-CALL #%d", i).isEqualTo(4);
                    }
                    if (n.get(0).intValue() == 3) {
                        results++;
                    }
                }
                if (i == 10_000) {
                    heapAt10k = usedHeapAfterGc();
                }
            }
        } finally {
            pipelineLog.detachAppender(bugs);
            pipelineLog.setAdditive(oldAdditive);
            pipelineLog.setLevel(oldLevel);
            queueLog.setLevel(oldQueueLevel);
        }
        long heapAtEnd = usedHeapAfterGc();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("InboundFuzzTest: %d frames in %d ms, %d readable CALLs, %d CALLRESULTs, heap %d KB at 10k"
                + " -> %d KB at end%n", FRAMES, millis, readableCalls, results, heapAt10k / 1024, heapAtEnd / 1024);

        assertThat(bugs.count.get()).as("unexpected failures inside the pipeline: " + bugs.first).isZero();
        assertThat(readableCalls).as("the mutations keep enough CALLs readable").isGreaterThan(FRAMES / 5);
        assertThat(results).as("some mutated CALLs are still valid").isGreaterThan(100);
        assertThat(heapAtEnd - heapAt10k).as("heap growth between 10k and the end").isLessThan(16L * 1024 * 1024);
    }

    // ------------------------------------------------------------------ oracle

    /** The id of a frame that starts with {@code [2, "<1..36 chars>"}: it must get exactly one reply. */
    private static String readableCallId(String frame) {
        try (JsonParser p = ORACLE.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != 2
                    || p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String id = p.getText();
            return id.isEmpty() || id.length() > 36 ? null : id;
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode checkFraming(String reply, int i, String frame) throws Exception {
        JsonNode n = JSON.readTree(reply);
        String what = "reply " + excerpt(reply) + " to #" + i + " " + excerpt(frame);
        assertThat(n.isArray()).as(what).isTrue();
        assertThat(n.get(1).isTextual()).as(what).isTrue();
        assertThat(n.get(1).textValue().length()).as(what).isBetween(1, 36);
        switch (n.get(0).intValue()) {
        case 3 -> {
            assertThat(n.size()).as(what).isEqualTo(3);
            assertThat(n.get(2).isObject()).as(what).isTrue();
        }
        case 4 -> {
            assertThat(n.size()).as(what).isEqualTo(5);
            assertThat(ERROR_CODES).as(what).contains(n.get(2).textValue());
            assertThat(n.get(3).isTextual()).as(what).isTrue();
            assertThat(n.get(3).textValue().length()).as(what).isLessThanOrEqualTo(255);
            assertThat(n.get(4).isObject()).as(what).isTrue();
        }
        default -> fail("not a CALLRESULT/CALLERROR: " + what);
        }
        return n;
    }

    // ------------------------------------------------------------------ mutations

    static String mutate(String seed, Random r) {
        String s = seed;
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            s = switch (r.nextInt(12)) {
            case 0 -> flip(s, r);
            case 1 -> insert(s, r);
            case 2 -> delete(s, r);
            case 3 -> treeMutation(s, r, Mutation.CHANGE_TYPE);
            case 4 -> treeMutation(s, r, Mutation.DROP);
            case 5 -> treeMutation(s, r, Mutation.CHANGE_TYPE);
            case 6 -> deepNesting(s, r);
            case 7 -> invalidUtf8(s, r);
            case 8 -> messageTypeId(s, r);
            case 9 -> treeMutation(s, r, Mutation.EXTRA);
            case 10 -> messageId(s, r);
            default -> s.substring(0, r.nextInt(s.length() + 1)); // truncated
            };
        }
        return s;
    }

    private static final String SPECIALS = "[]{}\",:0123456789-+.eE\\ntfu\u0000\u00e9\ud83d\u20ac ";

    private static String flip(String s, Random r) {
        if (s.isEmpty()) {
            return s;
        }
        int i = r.nextInt(s.length());
        return s.substring(0, i) + SPECIALS.charAt(r.nextInt(SPECIALS.length())) + s.substring(i + 1);
    }

    private static String insert(String s, Random r) {
        int i = r.nextInt(s.length() + 1);
        return s.substring(0, i) + SPECIALS.charAt(r.nextInt(SPECIALS.length())) + s.substring(i);
    }

    private static String delete(String s, Random r) {
        if (s.isEmpty()) {
            return s;
        }
        int i = r.nextInt(s.length());
        int n = 1 + r.nextInt(Math.min(8, s.length() - i));
        return s.substring(0, i) + s.substring(i + n);
    }

    private static String deepNesting(String s, Random r) {
        int depth = 10 + r.nextInt(r.nextBoolean() ? 60 : 3000);
        boolean arrays = r.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String deep = open.repeat(depth) + "1" + close.repeat(depth);
        int brace = s.lastIndexOf('{');
        if (brace < 0 || r.nextInt(4) == 0) {
            return r.nextBoolean() ? deep : s.replaceFirst("\\{", "{\"deep\":" + java.util.regex.Matcher
                    .quoteReplacement(deep) + ",");
        }
        return s.substring(0, brace + 1) + "\"deep\":" + deep + (brace + 1 < s.length() && s.charAt(brace + 1) == '}' ? "" : ",")
                + s.substring(brace + 1);
    }

    private static String invalidUtf8(String s, Random r) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int i = r.nextInt(b.length + 1);
        byte[] out = new byte[b.length + 2];
        System.arraycopy(b, 0, out, 0, i);
        out[i] = (byte) (0x80 + r.nextInt(0x80));
        out[i + 1] = (byte) (0xC0 + r.nextInt(0x40));
        System.arraycopy(b, i, out, i + 2, b.length - i);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static final String[] TYPE_IDS = { "0", "1", "3", "4", "5", "-2", "2.0", "\"2\"", "null", "1e400",
        "99999999999999999999999", "[2]", "{}", "true", "-0" };

    private static String messageTypeId(String s, Random r) {
        if (!s.startsWith("[") || s.length() < 2) {
            return s;
        }
        int comma = s.indexOf(',');
        if (comma < 0) {
            return s;
        }
        return "[" + TYPE_IDS[r.nextInt(TYPE_IDS.length)] + s.substring(comma);
    }

    private static final String[] IDS = { "\"\"", "\"" + "x".repeat(36) + "\"", "\"" + "y".repeat(37) + "\"",
        "17", "null", "\"-1\"", "\"\\u0000\"", "\"\u00e9\u00e8\"", "\"\\ud800\"", "[\"a\"]", "\"a\\\"b\"" };

    private static String messageId(String s, Random r) {
        int first = s.indexOf(',');
        int second = first < 0 ? -1 : s.indexOf(',', first + 1);
        if (second < 0) {
            return s;
        }
        return s.substring(0, first + 1) + IDS[r.nextInt(IDS.length)] + s.substring(second);
    }

    private enum Mutation { CHANGE_TYPE, DROP, EXTRA }

    private static String treeMutation(String s, Random r, Mutation m) {
        JsonNode root;
        try {
            root = JSON.readTree(s);
        } catch (Exception e) {
            return flip(s, r);
        }
        if (!(root instanceof ContainerNode<?>)) {
            return s;
        }
        List<ContainerNode<?>> containers = new ArrayList<>();
        collect(root, containers);
        ContainerNode<?> c = containers.get(r.nextInt(containers.size()));
        switch (m) {
        case CHANGE_TYPE -> {
            if (c.isEmpty()) {
                return s;
            }
            JsonNode v = randomValue(r);
            if (c instanceof ArrayNode a) {
                a.set(r.nextInt(a.size()), v);
            } else {
                ObjectNode o = (ObjectNode) c;
                o.set(nth(o.fieldNames(), r.nextInt(o.size())), v);
            }
        }
        case DROP -> {
            if (c.isEmpty()) {
                return s;
            }
            if (c instanceof ArrayNode a) {
                a.remove(r.nextInt(a.size()));
            } else {
                ObjectNode o = (ObjectNode) c;
                o.remove(nth(o.fieldNames(), r.nextInt(o.size())));
            }
        }
        case EXTRA -> {
            if (c instanceof ArrayNode a) {
                a.add(randomValue(r));
            } else {
                ((ObjectNode) c).set("extra" + r.nextInt(3), randomValue(r));
            }
        }
        }
        return root.toString();
    }

    private static void collect(JsonNode n, List<ContainerNode<?>> out) {
        if (n instanceof ContainerNode<?> c) {
            out.add(c);
            n.forEach(child -> collect(child, out));
        }
    }

    private static String nth(Iterator<String> it, int n) {
        String s = null;
        for (int i = 0; i <= n; i++) {
            s = it.next();
        }
        return s;
    }

    private static JsonNode randomValue(Random r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (r.nextInt(12)) {
        case 0 -> f.numberNode(r.nextInt());
        case 1 -> f.numberNode(new java.math.BigInteger("9".repeat(1 + r.nextInt(60))));
        case 2 -> f.numberNode(new java.math.BigDecimal("1e" + (r.nextInt(800) - 400)));
        case 3 -> f.numberNode(-r.nextDouble() * 1e6);
        case 4 -> f.textNode("x".repeat(r.nextInt(2000)));
        case 5 -> f.textNode("Immediate");
        case 6 -> f.booleanNode(r.nextBoolean());
        case 7 -> f.nullNode();
        case 8 -> f.arrayNode().add(1).add("a");
        case 9 -> f.objectNode().put("id", 1);
        case 10 -> f.textNode("2025-13-45T99:99:99Z");
        default -> f.textNode(new String(new char[] { (char) r.nextInt(0xFFFF) }));
        };
    }

    // ------------------------------------------------------------------ helpers

    private static void register(HandlerRegistry handlers) {
        handlers.add(json(Action.Reset, "{\"status\":\"Accepted\"}"), Map.of());
        handlers.add(json(Action.ChangeAvailability, "{\"status\":\"Scheduled\"}"), Map.of());
        handlers.add(json(Action.TriggerMessage, "{\"status\":\"Accepted\"}"), Map.of());
        handlers.add(json(Action.DataTransfer, "{\"status\":\"Accepted\",\"data\":[1,{\"x\":\"y\"}]}"), Map.of());
        handlers.add(json(Action.RequestStopTransaction, "{\"status\":\"Rejected\"}"), Map.of());
        handlers.add(failing(Action.UnlockConnector, new OcppCallException(OcppErrorCode.NotSupported, "no lock")),
                Map.of());
        handlers.add(failing(Action.ClearCache, new IllegalStateException("deliberate handler bug")), Map.of());
        handlers.add(failing(Action.GetVariables, null), Map.of()); // answers null: a bug
    }

    private static OcppRequestHandler<?, ?> json(Action action, String response) {
        return new Handler(action, () -> {
            try {
                return (OcppResponse) OcppJson.decode(JSON.readTree(response), action.responseType());
            } catch (PayloadViolation | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static OcppRequestHandler<?, ?> failing(Action action, Exception e) {
        return new Handler(action, () -> {
            if (e instanceof OcppCallException c) {
                throw new java.util.concurrent.CompletionException(c);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            return null;
        });
    }

    @SuppressWarnings({ "rawtypes" })
    private static final class Handler implements OcppRequestHandler {
        private final Action action;
        private final java.util.function.Supplier<OcppResponse> answer;

        Handler(Action action, java.util.function.Supplier<OcppResponse> answer) {
            this.action = action;
            this.answer = answer;
        }

        @Override
        public Class requestType() {
            return action.requestType();
        }

        @Override
        public OcppResponse handle(OcppRequest request, InboundCall call) throws OcppCallException {
            try {
                return answer.get();
            } catch (java.util.concurrent.CompletionException e) {
                throw (OcppCallException) e.getCause();
            }
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String excerpt(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }

    /** Counts ERROR events that mean a bug in the pipeline itself (handler failures are expected). */
    private static final class BugCounter extends AppenderBase<ILoggingEvent> {
        final AtomicInteger count = new AtomicInteger();
        volatile String first;

        @Override
        protected void append(ILoggingEvent e) {
            String m = e.getMessage();
            if (m.startsWith("OCPP request handler") || m.startsWith("afterResponse task")) {
                return; // the deliberately failing handlers
            }
            if (count.getAndIncrement() == 0) {
                first = e.getFormattedMessage() + " " + e.getThrowableProxy();
            }
        }
    }
}
