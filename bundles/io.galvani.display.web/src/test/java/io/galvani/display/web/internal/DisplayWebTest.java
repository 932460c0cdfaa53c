package io.galvani.display.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.display.api.EvseScreenView;
import io.galvani.display.api.ScreenState;
import io.galvani.display.api.ScreenValues;
import io.galvani.display.api.StationScreen;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.transactions.api.SessionCost;

/**
 * The page, the JSON and the event stream over real HTTP on loopback: a Jetty server set up as the local API sets
 * up web content (a context at "/" beside another one at "/api"), real clients, a client that never reads.
 */
class DisplayWebTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<SseClient> clients = new ArrayList<>();
    private Server server;
    private DisplayWeb web;
    private int port;

    private void start(Map<String, ?> config) throws Exception {
        web = new DisplayWeb(Configs.of(WebConfig.class, config));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        ContextHandler root = new ContextHandler(web, "/");
        root.setAllowNullPathInContext(true);
        ContextHandler api = new ContextHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                    org.eclipse.jetty.util.Callback callback) {
                response.setStatus(200);
                org.eclipse.jetty.io.Content.Sink.write(response, true, "api", callback);
                return true;
            }
        }, "/api");
        api.setAllowNullPathInContext(true);
        contexts.addHandler(api);
        contexts.addHandler(root);
        server.setHandler(contexts);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        for (SseClient c : clients) {
            c.close();
        }
        if (web != null) {
            web.deactivate();
        }
        if (server != null) {
            server.stop();
        }
    }

    static StationScreen screen(ScreenState state, String title, double kwh, boolean online) {
        ScreenValues values = new ScreenValues(kwh, 50.0, 40.0, Duration.ofSeconds(75), SessionCost.of("1.5", "EUR"),
                String.format(java.util.Locale.ROOT, "%.2f kWh", kwh), "50.0 kW", "40%", "0:01:15", "1.50 EUR",
                null, null);
        EvseScreenView evse = new EvseScreenView(1, state, title, List.of(title, "lines"), values);
        return new StationScreen("en", online, 4, 20, List.of(title, "lines"), List.of(evse),
                Map.of("energy", "Energy", "offline", "offline"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private SseClient events() throws Exception {
        SseClient c = new SseClient(http, uri("/display/events"));
        clients.add(c);
        return c;
    }

    // ---- page and JSON

    @Test
    void thePage_itsFiles_andPreciseErrors() throws Exception {
        start(Map.of());
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(page.body()).contains("display.js").contains("display.css").doesNotContain("http://", "https://");
        assertThat(get("/display.js").headers().firstValue("Content-Type")).get().asString()
                .startsWith("text/javascript");
        assertThat(get("/display.js").body()).contains("EventSource");
        assertThat(get("/display.css").statusCode()).isEqualTo(200);
        assertThat(get("/api").body()).isEqualTo("api"); // other contexts keep their paths

        HttpResponse<String> missing = get("/nothing.html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).at("/error").asText()).contains("/nothing.html");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/display/screen"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/display/events"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        assertThat(web.openStreams()).as("HEAD opens no stream").isZero();
    }

    @Test
    void screenJson_503BeforeTheFirstScreen_thenTheScreenWithItsValues() throws Exception {
        start(Map.of());
        HttpResponse<String> before = get("/display/screen");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(before.body()).at("/error").asText()).contains("not decided");

        web.screenChanged(screen(ScreenState.CHARGING, "Charging", 12.3456, true));
        JsonNode json = JSON.readTree(get("/display/screen").body());
        assertThat(json.at("/language").asText()).isEqualTo("en");
        assertThat(json.at("/online").asBoolean()).isTrue();
        assertThat(json.at("/display/lines/0").asText()).isEqualTo("Charging");
        assertThat(json.at("/evses/0/state").asText()).isEqualTo("CHARGING");
        assertThat(json.at("/evses/0/values/energy/value").asDouble()).isEqualTo(12.3456);
        assertThat(json.at("/evses/0/values/energy/text").asText()).isEqualTo("12.35 kWh");
        assertThat(json.at("/evses/0/values/time/seconds").asLong()).isEqualTo(75);
        assertThat(json.at("/evses/0/values/cost/text").asText()).isEqualTo("1.50 EUR");
        assertThat(json.at("/evses/0/values/cost/currency").asText()).isEqualTo("EUR");
        assertThat(json.at("/labels/energy").asText()).isEqualTo("Energy");
    }

    // ---- server-sent events

    @Test
    void events_currentScreenOnConnect_thenEveryChange_andHeartbeats() throws Exception {
        start(Map.of("heartbeatSeconds", 1));
        web.screenChanged(screen(ScreenState.WELCOME, "Welcome", 0, true));
        SseClient client = events();
        assertThat(client.response.statusCode()).isEqualTo(200);
        assertThat(client.response.headers().firstValue("Content-Type")).get().asString()
                .startsWith("text/event-stream");

        await().until(() -> client.named("screen").size() == 1);
        assertThat(client.retry).isEqualTo(2000);
        assertThat(JSON.readTree(client.named("screen").get(0).data()).at("/evses/0/state").asText())
                .isEqualTo("WELCOME");

        web.screenChanged(screen(ScreenState.CHARGING, "Charging", 1.0, true));
        web.screenChanged(screen(ScreenState.CHARGING, "Charging", 2.0, false));
        await().until(() -> client.named("screen").size() == 3);
        JsonNode last = JSON.readTree(client.named("screen").get(2).data());
        assertThat(last.at("/evses/0/values/energy/value").asDouble()).isEqualTo(2.0);
        assertThat(last.at("/online").asBoolean()).isFalse();
        List<String> ids = client.named("screen").stream().map(SseClient.Event::id).toList();
        assertThat(ids).doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.named("heartbeat").size() >= 2);
    }

    @Test
    void aClientThatDoesNotRead_isDropped_theDisplayNeverWaits_othersGetEverything() throws Exception {
        start(Map.of("clientQueueEvents", 4));
        web.screenChanged(screen(ScreenState.CHARGING, "Charging", 0, true));
        SseClient healthy = events();
        await().until(() -> healthy.named("screen").size() == 1);

        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /display/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stuck.getInputStream();
            assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
            await().until(() -> web.openStreams() == 2);

            // Big screens, fast: the stuck client's socket buffers fill, then its queue; it is dropped. Every call
            // returns without waiting for it (this loop would hang otherwise).
            String padding = "x".repeat(8_000);
            int sent = 0;
            while (web.openStreams() == 2 && sent < 20_000) {
                sent++;
                StationScreen s = screen(ScreenState.CHARGING, "Charging " + padding, sent, true);
                web.screenChanged(s);
                if (sent % 50 == 0) {
                    // let the healthy client's reader keep up, as a real browser would
                    int expected = sent;
                    await().until(() -> healthy.named("screen").size() >= expected - 8);
                }
            }
            assertThat(web.openStreams()).isEqualTo(1);
            int last = sent;
            web.screenChanged(screen(ScreenState.SUMMARY, "Charging stopped", last + 1, true));
            await().until(() -> !healthy.named("screen").isEmpty() && JSON.readTree(
                    healthy.named("screen").get(healthy.named("screen").size() - 1).data())
                    .at("/evses/0/state").asText().equals("SUMMARY"));
            assertThat(healthy.ended).isFalse();
        }
    }

    @Test
    void tooManyStreams_503() throws Exception {
        start(Map.of("maxClients", 1));
        SseClient first = events();
        await().until(() -> web.openStreams() == 1);
        HttpResponse<String> second = get("/display/events");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(second.body()).at("/error").asText()).contains("too many");
        assertThat(first.ended).isFalse();
    }

    @Test
    void aClientGoingAway_isForgotten() throws Exception {
        start(Map.of("heartbeatSeconds", 1));
        SseClient client = events();
        await().until(() -> web.openStreams() == 1);
        client.close();
        clients.remove(client);
        await().atMost(Duration.ofSeconds(10)).until(() -> web.openStreams() == 0);
    }

    @Test
    void deactivate_endsEveryStream_andLeavesNoThread() throws Exception {
        start(Map.of("heartbeatSeconds", 1));
        web.screenChanged(screen(ScreenState.WELCOME, "Welcome", 0, true));
        SseClient a = events();
        SseClient b = events();
        await().until(() -> a.named("screen").size() == 1 && b.named("screen").size() == 1);

        web.deactivate();

        await().until(() -> a.ended && b.ended);
        assertThat(web.openStreams()).isZero();
        await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("galvani-display-web") && t.isAlive()));
        web = null;
    }
}
