package io.galvani.ocpp.rpc.internal;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A CSMS on 127.0.0.1 for loopback tests: a real Jetty 12.1 WebSocket server. */
public final class FakeCsms implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One handshake as the server saw it. */
    record Handshake(String path, List<String> subProtocols, String authorization) {
    }

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    final List<Long> handshakeNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    volatile boolean acceptSubprotocol = true;
    volatile boolean refuseConnections;
    /** When set, an upgrade without exactly this Authorization header is refused with 401. */
    volatile String requiredAuthorization;
    volatile boolean answerPings = true;
    final AtomicInteger pings = new AtomicInteger();
    /** Answers an incoming frame (null = no answer). Default: CALL → empty CALLRESULT. */
    volatile Function<JsonNode, String> responder = FakeCsms::emptyResult;

    private final Server server;
    private final ServerConnector connector;
    private volatile Session session;

    FakeCsms() throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("fake-csms");
        server = new Server(pool);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(10 * 1024 * 1024);
            container.addMapping("/ocpp/*", (req, resp, cb) -> {
                handshakeNanos.add(System.nanoTime());
                handshakes.add(new Handshake(req.getHttpURI().getPath(), req.getSubProtocols(),
                        req.getHeaders().get("Authorization")));
                if (refuseConnections) {
                    resp.setStatus(503);
                    cb.succeeded();
                    return null;
                }
                String required = requiredAuthorization;
                if (required != null && !required.equals(req.getHeaders().get("Authorization"))) {
                    resp.setStatus(401);
                    cb.succeeded();
                    return null;
                }
                if (acceptSubprotocol && req.hasSubProtocol("ocpp2.0.1")) {
                    resp.setAcceptedSubProtocol("ocpp2.0.1");
                }
                return new Endpoint();
            });
        }));
        server.start();
    }

    String url() {
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/ocpp";
    }

    static String emptyResult(JsonNode frame) {
        return frame.get(0).asInt() == 2 ? "[3," + frame.get(1) + ",{}]" : null;
    }

    void send(String frame) {
        session.sendText(frame, Callback.NOOP);
    }

    /** Next frame received, or fails after 10 s. */
    JsonNode next() throws Exception {
        String f = received.poll(10, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame received within 10 s");
        }
        return JSON.readTree(f);
    }

    /** Next frame if one arrives within the given time, else null. */
    JsonNode poll(long millis) throws Exception {
        String f = received.poll(millis, TimeUnit.MILLISECONDS);
        return f == null ? null : JSON.readTree(f);
    }

    /** Drops the TCP connection without a close handshake. */
    void drop() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Session mine;

        @Override
        public void onWebSocketOpen(Session s) {
            mine = s;
            session = s;
            connections.incrementAndGet();
        }

        @Override
        public void onWebSocketPing(java.nio.ByteBuffer payload) {
            pings.incrementAndGet();
            if (answerPings) {
                mine.sendPong(payload, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            try {
                String reply = responder.apply(JSON.readTree(text));
                if (reply != null) {
                    mine.sendText(reply, Callback.NOOP);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
