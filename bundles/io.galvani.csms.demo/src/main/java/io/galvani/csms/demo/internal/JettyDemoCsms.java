package io.galvani.csms.demo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CallResponder;
import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Handshake;

/** {@link DemoCsms} on a Jetty 12.1 core server with the Jetty WebSocket API; no servlets. */
public final class JettyDemoCsms implements DemoCsms {

    private static final Logger LOG = LoggerFactory.getLogger(JettyDemoCsms.class);

    /** Prefix of every thread this CSMS starts; tests check that none survive {@link #close()}. */
    public static final String THREAD_PREFIX = "galvani-csms";
    private static final int MAX_THREADS = 8;

    private final CsmsOptions options;
    private final FrameStore store = new FrameStore();
    private final Stations stations = new Stations();
    private final TrafficLog traffic;
    private final Server server;
    private final ServerConnector connector;
    private final Dispatcher dispatcher;

    private JettyDemoCsms(CsmsOptions options) {
        this.options = options;
        this.traffic = new TrafficLog(options.logTraffic());
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName(THREAD_PREFIX);
        threads.setDaemon(true); // a test that forgets close() must not keep the JVM alive
        threads.setReservedThreads(0);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(THREAD_PREFIX + "-scheduler", true);
        this.server = new Server(threads, scheduler, null);
        // 1 acceptor, 1 selector: a handful of stations at most
        this.connector = options.tls() == null ? new ServerConnector(server, 1, 1) : TlsConnector.create(server,
                options.tls());
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        this.dispatcher = new Dispatcher(store, stations, options.validator(), traffic, scheduler, options.replies());
        HandshakeGate gate = new HandshakeGate(options.path(), options.basicAuthPassword(), stations, dispatcher, traffic);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ZERO); // stations may be silent for a whole heartbeat interval
            container.addMapping("/*", gate);
        }));
    }

    /** See {@link DemoCsms#start(CsmsOptions)}. */
    public static DemoCsms start(CsmsOptions options) {
        JettyDemoCsms csms = new JettyDemoCsms(Objects.requireNonNull(options, "options"));
        try {
            csms.server.start();
        } catch (Exception e) {
            csms.stopQuietly();
            String where = options.host() + ":" + options.port();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot listen on " + where + ": " + rootMessage(io), io);
            }
            throw new IllegalStateException("Demo CSMS failed to start on " + where, e);
        }
        LOG.info("Demo CSMS listening on {} (stations connect to {}/<stationId>)", csms.url(), csms.url());
        return csms;
    }

    @Override
    public URI url() {
        return uri(options.path());
    }

    @Override
    public URI url(String stationId) {
        return uri(options.path() + "/" + stationId);
    }

    private URI uri(String path) {
        String host = options.host();
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            host = "127.0.0.1"; // a wildcard bind is reachable on loopback
        }
        try {
            return new URI(options.tls() == null ? "ws" : "wss", null, host, connector.getLocalPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid CSMS URL for path " + path, e);
        }
    }

    @Override
    public void close() {
        if (server.isStopped()) {
            return;
        }
        URI url = url(); // the local port is gone once stopped
        stopQuietly();
        LOG.info("Demo CSMS {} stopped", url);
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Demo CSMS did not stop cleanly: {}", e.toString());
        }
    }

    @Override
    public void onCall(String action, CallResponder responder) {
        dispatcher.onCall(Objects.requireNonNull(action, "action"), responder);
    }

    @Override
    public List<Frame> frames() {
        return store.snapshot();
    }

    @Override
    public List<Frame> frames(String stationId) {
        return store.snapshot().stream().filter(f -> f.stationId().equals(stationId)).toList();
    }

    @Override
    public List<Frame> violations() {
        return store.snapshot().stream().filter(Frame::hasViolations).toList();
    }

    @Override
    public int mark() {
        return store.size();
    }

    @Override
    public Frame awaitFrame(Predicate<Frame> matcher, Duration timeout) {
        return awaitFrame(0, matcher, timeout);
    }

    @Override
    public Frame awaitFrame(int since, Predicate<Frame> matcher, Duration timeout) {
        return store.await(since, matcher, timeout, "matching frame");
    }

    @Override
    public Frame awaitCall(String action, Duration timeout) {
        return awaitCall(0, action, timeout);
    }

    @Override
    public Frame awaitCall(int since, String action, Duration timeout) {
        return store.await(since, f -> f.isCall() && f.dir() == Direction.TO_CSMS
                && action.equals(f.action()), timeout, "CALL " + action + " from a station");
    }

    @Override
    public CompletableFuture<JsonNode> call(String stationId, String action, JsonNode payload) {
        return dispatcher.call(stationId, action, payload);
    }

    @Override
    public CompletableFuture<JsonNode> call(String stationId, String action, String jsonPayload) {
        return call(stationId, action, Json.parse(jsonPayload));
    }

    @Override
    public void sendRaw(String stationId, String text) {
        dispatcher.sendRaw(stationId, text);
    }

    @Override
    public void disconnect(String stationId) {
        stations.endpoint(stationId).ifPresent(endpoint -> {
            traffic.event(stationId, "dropping the connection (scripted)");
            endpoint.session().disconnect();
        });
    }

    @Override
    public boolean isConnected(String stationId) {
        return stations.endpoint(stationId).isPresent();
    }

    @Override
    public Set<String> connectedStations() {
        return stations.connected();
    }

    @Override
    public void awaitConnected(String stationId, Duration timeout) {
        stations.await(stationId, true, timeout);
    }

    @Override
    public void awaitDisconnected(String stationId, Duration timeout) {
        stations.await(stationId, false, timeout);
    }

    @Override
    public int connectionCount(String stationId) {
        return stations.connectionCount(stationId);
    }

    @Override
    public List<Handshake> handshakes(String stationId) {
        return stations.handshakes(stationId);
    }

    @Override
    public Optional<Handshake> lastHandshake(String stationId) {
        return stations.lastHandshake(stationId);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
