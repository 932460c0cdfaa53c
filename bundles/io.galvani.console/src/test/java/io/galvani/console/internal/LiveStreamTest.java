package io.galvani.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.ocpp.api.OcppFrame;
import io.galvani.ocpp.api.OcppFrame.Direction;
import io.galvani.security.api.SecurityEvent;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

/** The live stream (server-sent events) over real HTTP on loopback: backlog, live events, slow clients, shutdown. */
class LiveStreamTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private ConsoleFeed feed;
    private TestServer server;

    private void start(int messageLogSize, int clientQueueSize, int maxClients) throws Exception {
        feed = new ConsoleFeed(Fakes.config(messageLogSize, clientQueueSize, maxClients));
        server = new TestServer(new ConsoleHandler(new Fakes.Services(), feed, 100));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (feed != null) {
            feed.deactivate();
        }
    }

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }

    /** Reads a stream on its own thread into a queue of events. */
    final class Stream_ implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final AtomicBoolean ended = new AtomicBoolean();
        final HttpResponse<Stream<String>> response;
        final Thread reader;

        Stream_() throws Exception {
            response = server.http.send(HttpRequest.newBuilder(server.uri("/console/api/events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            reader = new Thread(() -> {
                String[] name = { null };
                StringBuilder data = new StringBuilder();
                try {
                    response.body().forEach(line -> {
                        if (line.startsWith("event: ")) {
                            name[0] = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            data.append(line.substring(6));
                        } else if (line.isEmpty() && name[0] != null) {
                            try {
                                events.add(new Event(name[0], TestServer.JSON.readTree(data.toString())));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            name[0] = null;
                            data.setLength(0);
                        }
                    });
                } catch (RuntimeException e) {
                    // the stream was aborted
                } finally {
                    ended.set(true);
                }
            }, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        Event next() throws InterruptedException {
            Event e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 10 s");
            }
            return e;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    private static OcppFrame frame(int millis, Direction d, String text) {
        return new OcppFrame(T0.plusMillis(millis), d, text);
    }

    @Test
    void aNewBrowserGetsTheKeptFramesFirst_thenEveryLiveEventInOrder() throws Exception {
        start(100, 100, 4);
        feed.frame(frame(0, Direction.SENT, "[2,\"m1\",\"Heartbeat\",{}]"));
        feed.frame(frame(23, Direction.RECEIVED, "[3,\"m1\",{\"currentTime\":\"2026-12-05T10:00:00Z\"}]"));

        try (Stream_ stream = new Stream_()) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            Event hello = stream.next();
            assertThat(hello.name()).isEqualTo("hello");
            assertThat(hello.data().at("/keptFrames").asInt()).isEqualTo(2);
            Event call = stream.next();
            assertThat(call.data().at("/type").asText()).isEqualTo("CALL");
            assertThat(call.data().at("/action").asText()).isEqualTo("Heartbeat");
            assertThat(call.data().at("/direction").asText()).isEqualTo("out");
            Event result = stream.next();
            assertThat(result.data().at("/type").asText()).isEqualTo("CALLRESULT");
            assertThat(result.data().at("/action").asText()).as("the action of its CALL").isEqualTo("Heartbeat");
            assertThat(result.data().at("/roundTripMs").asInt()).isEqualTo(23);
            assertThat(result.data().at("/payload/currentTime").asText()).isEqualTo("2026-12-05T10:00:00Z");

            await().until(() -> feed.clientCount() == 1);
            feed.frame(frame(30, Direction.RECEIVED, "[2,\"c1\",\"Reset\",{\"type\":\"Immediate\"}]"));
            feed.frame(frame(31, Direction.SENT, "[4,\"c1\",\"NotImplemented\",\"no handler\",{}]"));
            feed.sessionChanged(Fakes.charging());
            feed.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
            feed.reported(new SecurityEvent(T0, "TamperDetectionActivated", "enclosure opened", true));
            feed.disconnected(new io.galvani.ocpp.api.LinkStatus(false, "ws://127.0.0.1:9/ocpp/CS", 1, T0, 0,
                    "closed (1006)"));

            Event reset = stream.next();
            assertThat(reset.data().at("/payload/type").asText()).isEqualTo("Immediate");
            Event error = stream.next();
            assertThat(error.data().at("/type").asText()).isEqualTo("CALLERROR");
            assertThat(error.data().at("/action").asText()).isEqualTo("Reset");
            assertThat(error.data().at("/errorCode").asText()).isEqualTo("NotImplemented");
            assertThat(error.data().has("roundTripMs")).as("only the station's CALLs are timed").isFalse();
            Event session = stream.next();
            assertThat(session.name()).isEqualTo("session");
            assertThat(session.data().at("/energyWh").asDouble()).isEqualTo(12345.6);
            Event connector = stream.next();
            assertThat(connector.name()).isEqualTo("connector");
            assertThat(connector.data().at("/status").asText()).isEqualTo("Occupied");
            Event security = stream.next();
            assertThat(security.name()).isEqualTo("security");
            assertThat(security.data().at("/type").asText()).isEqualTo("TamperDetectionActivated");
            Event link = stream.next();
            assertThat(link.name()).isEqualTo("link");
            assertThat(link.data().at("/connected").asBoolean()).isFalse();
            assertThat(link.data().at("/lastError").asText()).isEqualTo("closed (1006)");
        }
    }

    @Test
    void theKeptFramesAreBounded() throws Exception {
        start(10, 100, 4);
        for (int i = 0; i < 25; i++) {
            feed.frame(frame(i, Direction.SENT, "[2,\"m" + i + "\",\"Heartbeat\",{}]"));
        }
        try (Stream_ stream = new Stream_()) {
            assertThat(stream.next().data().at("/keptFrames").asInt()).isEqualTo(10);
            assertThat(stream.next().data().at("/id").asText()).isEqualTo("m15");
        }
    }

    @Test
    void moreBrowsersThanAllowed_areRefusedWith503() throws Exception {
        start(10, 100, 1);
        try (Stream_ first = new Stream_()) {
            first.next();
            await().until(() -> feed.clientCount() == 1);
            HttpResponse<String> second = server.get("/console/api/events");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).contains("too many live console streams");
        }
    }

    @Test
    void aBrowserThatStopsReading_isDisconnected_andTheOthersGoOn() throws Exception {
        start(10, 16, 4);
        try (Socket stuck = new Socket("127.0.0.1", server.port()); Stream_ healthy = new Stream_()) {
            stuck.setReceiveBufferSize(4096);
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /console/api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().until(() -> feed.clientCount() == 2);

            String big = "[2,\"x\",\"DataTransfer\",{\"vendorId\":\"t\",\"data\":\"" + "x".repeat(64 * 1024) + "\"}]";
            // Bounded: enough to fill the socket buffers of a reader that never reads, then some.
            for (int i = 0; i < 400 && feed.clientCount() == 2; i++) {
                feed.frame(frame(i, Direction.SENT, big));
                if (i % 20 == 19) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> healthy.events.size() > 0);
                    healthy.events.clear();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.clientCount() == 1);
            healthy.events.clear();
            feed.frame(frame(999, Direction.SENT, "[2,\"after\",\"Heartbeat\",{}]"));
            await().atMost(Duration.ofSeconds(10)).until(() -> healthy.events.stream()
                    .anyMatch(e -> "after".equals(e.data().at("/id").asText())));
        }
    }

    @Test
    void stoppingTheConsole_endsEveryStream_andLeavesNoThread() throws Exception {
        start(10, 100, 4);
        try (Stream_ a = new Stream_(); Stream_ b = new Stream_()) {
            a.next();
            b.next();
            await().until(() -> feed.clientCount() == 2);

            feed.deactivate();

            await().atMost(Duration.ofSeconds(5)).until(() -> a.ended.get() && b.ended.get());
            assertThat(feed.clientCount()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals(ConsoleFeed.THREAD_NAME) && t.isAlive()));
            feed.frame(frame(0, Direction.SENT, "[2,\"late\",\"Heartbeat\",{}]")); // ignored, no exception
            assertThat(server.get("/console/api/events").statusCode()).isEqualTo(503);
        }
        feed = null;
    }

    @Test
    void keepAlives_flowOnAnIdleStream() throws Exception {
        start(10, 100, 4);
        HttpResponse<java.io.InputStream> r = server.http.send(HttpRequest.newBuilder(server.uri("/console/api/events"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            List<String> seen = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                seen.add(in.readLine());
                return seen.contains(": keep-alive");
            });
        }
    }
}
