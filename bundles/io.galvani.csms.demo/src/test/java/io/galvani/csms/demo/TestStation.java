package io.galvani.csms.demo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A minimal charging station for the tests: raw OCPP-J over the Jetty WebSocket client. */
public final class TestStation implements Session.Listener.AutoDemanding, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_THREADS = "test-station";

    private static final AtomicInteger IDS = new AtomicInteger();

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Session session;

    /** A started client whose threads are named {@value #CLIENT_THREADS}; stop it after the test. */
    static WebSocketClient newClient() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName(CLIENT_THREADS);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        WebSocketClient client = new WebSocketClient(http);
        client.start();
        return client;
    }

    static TestStation connect(WebSocketClient client, URI uri) throws Exception {
        return connect(client, uri, null, DemoCsms.SUBPROTOCOL);
    }

    /** @param basicAuth "user:password" or {@code null} for none */
    static TestStation connect(WebSocketClient client, URI uri, String basicAuth, String... subprotocols)
            throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        if (subprotocols.length > 0) {
            request.setSubProtocols(subprotocols);
        }
        if (basicAuth != null) {
            request.setHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        TestStation station = new TestStation();
        station.session = client.connect(station, request).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return station;
    }

    Session session() {
        return session;
    }

    void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** Sends a CALL and returns its messageId. */
    String sendCall(String action, String payloadJson) {
        String id = "st-" + IDS.incrementAndGet();
        send("[2,\"" + id + "\",\"" + action + "\"," + payloadJson + "]");
        return id;
    }

    /** Sends a CALL and returns the whole answer frame (CALLRESULT or CALLERROR) as a JSON array. */
    JsonNode call(String action, String payloadJson) throws Exception {
        return next(sendCall(action, payloadJson));
    }

    /** Next frame received, as JSON. */
    JsonNode next() throws Exception {
        String text = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("Nothing received within " + TIMEOUT);
        }
        return JSON.readTree(text);
    }

    /** Next frame received, which must carry this messageId. */
    JsonNode next(String messageId) throws Exception {
        JsonNode frame = next();
        if (!messageId.equals(frame.path(1).asText())) {
            throw new AssertionError("Expected an answer to " + messageId + ", got " + frame);
        }
        return frame;
    }

    @Override
    public void onWebSocketText(String text) {
        received.add(text);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Refused upgrades (401, 404) are expected in some tests; the connect future reports them.
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
        closed.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }
}
