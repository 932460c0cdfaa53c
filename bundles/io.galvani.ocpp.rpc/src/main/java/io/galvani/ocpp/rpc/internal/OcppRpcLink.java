package io.galvani.ocpp.rpc.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.model.Action;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;

/**
 * The OCPP-J transport: owns the Jetty WebSocket client, keeps the connection to the CSMS up
 * (reconnecting with the §5.3 back-off), sends CALLs one at a time and answers CALLs from the CSMS
 * through the {@link OcppRequestHandler} whiteboard.
 *
 * <p>Threads: one daemon thread {@code galvani-ocpp-rpc} (a single-threaded scheduled executor) owns
 * all state: the outbound queue, the connection state machine, inbound dispatch, timers. Jetty's I/O
 * runs on its own small pool ({@code galvani-ocpp-jetty-*}) and only hands events over to that thread.
 */
@Component(service = OcppLink.class, configurationPid = OcppRpcLink.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = RpcConfig.class)
public final class OcppRpcLink implements OcppLink {
    static final String PID = "io.galvani.ocpp.rpc";
    static final String SUBPROTOCOL = "ocpp2.0.1";
    static final String THREAD_PREFIX = "galvani-ocpp-";

    private static final Logger logger = LoggerFactory.getLogger(OcppRpcLink.class);
    /** Every frame in and out; the distribution routes this logger to its own rotating file. */
    private static final Logger messageLog = LoggerFactory.getLogger("ocpp.messages");

    private enum State { IDLE, CONNECTING, CONNECTED, WAITING, STOPPED }

    /** Configures TLS for security profiles 2 and 3: the extension point for the security work. */
    interface TlsConfigurer {
        /** Default: the JDK's trust store, no client certificate. */
        TlsConfigurer JDK_DEFAULTS = (ssl, profile) -> { };

        void configure(SslContextFactory.Client ssl, int securityProfile);
    }

    private final Clock clock;
    private final BackOff backOff;
    private final TlsConfigurer tls;
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final List<OcppConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile OcppSessionGate gate;

    // --- owned resources; created in activate ---
    private ScheduledExecutorService executor;
    private volatile Thread executorThread;
    private OutboundQueue outbound;
    private InboundPipeline inbound;
    private HttpClient httpClient;
    private WebSocketClient wsClient;

    // --- state confined to the executor thread ---
    private State state = State.IDLE;
    private int generation;
    private Session session;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> pingTask;
    private int unansweredPings;
    private String lastLoggedFailure;

    // --- published state ---
    private volatile RpcConfig config;
    private volatile boolean connected;
    private volatile Instant since;
    private volatile String lastError;
    private volatile String endpoint = "";

    /** Used by Declarative Services. */
    public OcppRpcLink() {
        this(Clock.systemUTC(), bound -> ThreadLocalRandom.current().nextLong(bound + 1), TlsConfigurer.JDK_DEFAULTS);
    }

    /** For tests: the clock, the random source of the back-off ({@code bound -> [0, bound]}) and TLS. */
    OcppRpcLink(Clock clock, LongUnaryOperator random, TlsConfigurer tls) {
        this.clock = clock;
        this.backOff = new BackOff(random);
        this.tls = tls;
        this.since = clock.instant();
    }

    // ------------------------------------------------------------------ lifecycle

    @Activate
    void activate(RpcConfig cfg) {
        this.config = cfg;
        this.endpoint = endpointOf(cfg);
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + "rpc" + (n.getAndIncrement() == 0 ? "" : "-" + n.get()));
            t.setDaemon(true);
            executorThread = t;
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = ex;
        this.outbound = new OutboundQueue(ex, () -> gate);
        this.outbound.configure(Duration.ofSeconds(Math.max(1, cfg.messageTimeoutSeconds())),
                Math.max(1, cfg.offlineQueueCapacity()));
        this.inbound = new InboundPipeline(handlers, () -> gate, new InboundPipeline.Responses() {
            @Override
            public void onCallResult(String messageId, JsonNode frame) {
                outbound.onCallResult(messageId, frame);
            }

            @Override
            public void onCallError(String messageId, JsonNode frame) {
                outbound.onCallError(messageId, frame);
            }

            @Override
            public void onMalformed(String messageId) {
                outbound.onMalformed(messageId);
            }
        }, ex);
        ex.execute(this::startClient);
    }

    @Modified
    void modified(RpcConfig cfg) {
        submit(() -> {
            RpcConfig old = this.config;
            this.config = cfg;
            outbound.configure(Duration.ofSeconds(Math.max(1, cfg.messageTimeoutSeconds())),
                    Math.max(1, cfg.offlineQueueCapacity()));
            if (connectionChanged(old, cfg)) {
                logger.info("OCPP-J connection settings changed; reconnecting");
                this.endpoint = endpointOf(cfg);
                dropConnection("configuration changed");
                backOff.reset();
                cancel(reconnectTask);
                state = State.IDLE;
                connect();
            } else if (state == State.CONNECTED && old.webSocketPingIntervalSeconds() != cfg
                    .webSocketPingIntervalSeconds()) {
                schedulePing(session, generation);
            }
        });
    }

    private static boolean connectionChanged(RpcConfig a, RpcConfig b) {
        return !Objects.equals(a.csmsUrl(), b.csmsUrl()) || !Objects.equals(a.stationId(), b.stationId())
                || !Objects.equals(a._basicAuthPassword(), b._basicAuthPassword())
                || a.securityProfile() != b.securityProfile() || a.maxFrameBytes() != b.maxFrameBytes();
    }

    @Deactivate
    void deactivate() {
        ScheduledExecutorService ex = executor;
        Runnable stop = () -> {
            state = State.STOPPED;
            generation++;
            cancel(reconnectTask);
            dropConnection("the OCPP link is shut down");
            outbound.shutdown("the OCPP link is shut down");
        };
        if (Thread.currentThread() == executorThread) {
            stop.run(); // deactivated from a callback on our own thread
        } else {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                ex.execute(() -> {
                    try {
                        stop.run();
                    } finally {
                        done.complete(null);
                    }
                });
                done.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                logger.warn("OCPP-J transport did not stop in time: {}", e.toString());
            }
        }
        stopClient();
        ex.shutdownNow();
        try {
            ex.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logger.info("OCPP-J transport stopped");
    }

    private void startClient() {
        RpcConfig cfg = config;
        try {
            QueuedThreadPool pool = new QueuedThreadPool(8, 2);
            pool.setName(THREAD_PREFIX + "jetty");
            pool.setDaemon(true);
            pool.setStopTimeout(1000);
            HttpClient http = new HttpClient();
            http.setExecutor(pool);
            http.setScheduler(new ScheduledExecutorScheduler(THREAD_PREFIX + "jetty-scheduler", true));
            http.setConnectTimeout(Duration.ofSeconds(Math.max(5, cfg.messageTimeoutSeconds())).toMillis());
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            tls.configure(ssl, cfg.securityProfile());
            http.setSslContextFactory(ssl);
            WebSocketClient ws = new WebSocketClient(http);
            ws.setStopAtShutdown(false);
            ws.setStopTimeout(1000);
            ws.setIdleTimeout(Duration.ZERO); // liveness is checked with pings
            this.httpClient = http;
            this.wsClient = ws;
            http.start();
            ws.start();
        } catch (Exception e) {
            logger.error("Cannot start the Jetty WebSocket client", e);
            lastError = "WebSocket client failed to start: " + e;
            return;
        }
        connect();
    }

    private void stopClient() {
        WebSocketClient ws = wsClient;
        HttpClient http = httpClient;
        for (LifeCycle lc : new LifeCycle[] { ws, http }) {
            if (lc != null) {
                try {
                    lc.stop();
                } catch (Exception e) {
                    logger.debug("Stopping {} failed: {}", lc, e.toString());
                }
            }
        }
        if (http != null && http.getExecutor() instanceof LifeCycle pool) {
            try {
                pool.stop();
            } catch (Exception e) {
                logger.debug("Stopping the Jetty pool failed: {}", e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ OcppLink

    @Override
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<Object> result = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<R> typed = (CompletableFuture<R>) (CompletableFuture<?>) result;
        Action action;
        try {
            action = Action.of(request.getClass());
        } catch (RuntimeException e) {
            result.completeExceptionally(new IllegalArgumentException(
                    request.getClass().getName() + " is not an OCPP 2.0.1 request", e));
            return typed;
        }
        if (!Frames.stationMayInitiate(action.name())) {
            result.completeExceptionally(new IllegalArgumentException(
                    action.name() + " is sent by the CSMS, not by the Charging Station"));
            return typed;
        }
        OutboundQueue.Pending pending = new OutboundQueue.Pending(request, action, result);
        if (!submit(() -> outbound.enqueue(pending))) {
            result.completeExceptionally(new OcppConnectionException("The OCPP link is shut down"));
        }
        return typed;
    }

    @Override
    public LinkStatus status() {
        RpcConfig cfg = config;
        OutboundQueue q = outbound;
        return new LinkStatus(connected, endpoint, cfg == null ? 1 : cfg.securityProfile(), since,
                q == null ? 0 : q.queuedCalls(), lastError);
    }

    @Override
    public void gateChanged() {
        submit(() -> outbound.pump());
    }

    // ------------------------------------------------------------------ whiteboards

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetGate")
    void setGate(OcppSessionGate g) {
        this.gate = g;
        gateChanged();
    }

    void unsetGate(OcppSessionGate g) {
        if (this.gate == g) {
            this.gate = null;
        }
        gateChanged();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeHandler", updated = "updatedHandler")
    void addHandler(OcppRequestHandler<?, ?> handler, Map<String, Object> properties) {
        handlers.add(handler, properties);
    }

    void updatedHandler(OcppRequestHandler<?, ?> handler, Map<String, Object> properties) {
        handlers.add(handler, properties);
    }

    void removeHandler(OcppRequestHandler<?, ?> handler) {
        handlers.remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(OcppConnectionListener listener) {
        listeners.add(listener);
        if (connected) {
            submit(() -> {
                if (connected && listeners.contains(listener)) {
                    notify(listener, true, status());
                }
            });
        }
    }

    void removeListener(OcppConnectionListener listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ connection state machine (executor)

    private void connect() {
        if (state != State.IDLE && state != State.WAITING) {
            return; // never more than one attempt in flight
        }
        if (wsClient == null || !wsClient.isStarted()) {
            return;
        }
        RpcConfig cfg = config;
        URI uri;
        try {
            uri = connectionUri(cfg);
        } catch (IllegalArgumentException e) {
            configurationError(e.getMessage());
            return;
        }
        int gen = ++generation;
        state = State.CONNECTING;
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(uri);
        upgrade.setSubProtocols(SUBPROTOCOL);
        String password = cfg._basicAuthPassword();
        if (cfg.securityProfile() != 3 && password != null && !password.isEmpty()) {
            upgrade.setHeader("Authorization", basicAuth(cfg.stationId(), password));
        }
        wsClient.setMaxTextMessageSize(cfg.maxFrameBytes());
        wsClient.setMaxFrameSize(cfg.maxFrameBytes());
        wsClient.setMaxBinaryMessageSize(1024);
        logger.debug("Connecting to {}", endpoint);
        try {
            wsClient.connect(new Endpoint(gen), upgrade).whenComplete((s, failure) -> {
                if (failure != null) {
                    submit(() -> lost(gen, "connection attempt failed: " + describe(failure)));
                }
            });
        } catch (Exception e) {
            lost(gen, "connection attempt failed: " + describe(e));
        }
    }

    private void configurationError(String message) {
        state = State.IDLE;
        lastError = message;
        logger.error("OCPP-J transport not connecting: {}", message);
    }

    /** The WebSocket opened (on the executor). */
    private void opened(int gen, Session s) {
        if (gen != generation || state != State.CONNECTING) {
            s.close(1000, "superseded", Callback.NOOP);
            return;
        }
        state = State.CONNECTED;
        session = s;
        backOff.reset();
        lastLoggedFailure = null;
        lastError = null;
        since = clock.instant();
        connected = true;
        logger.info("Connected to {} (subprotocol {})", endpoint, SUBPROTOCOL);
        schedulePing(s, gen);
        outbound.connectionUp(sender(s));
        LinkStatus st = status();
        listeners.forEach(l -> notify(l, true, st));
    }

    /** The connection or the attempt ended (on the executor); schedules the next attempt. */
    private void lost(int gen, String reason) {
        if (gen != generation || (state != State.CONNECTING && state != State.CONNECTED)) {
            return;
        }
        boolean wasConnected = state == State.CONNECTED;
        dropConnection(reason);
        lastError = reason;
        if (wasConnected) {
            logger.warn("Connection to {} lost: {}", endpoint, reason);
        } else if (!reason.equals(lastLoggedFailure)) {
            logger.warn("Cannot connect to {}: {}", endpoint, reason);
        } else {
            logger.debug("Cannot connect to {}: {}", endpoint, reason);
        }
        lastLoggedFailure = reason;
        RpcConfig cfg = config;
        Duration wait = backOff.next(cfg.retryBackOffWaitMinimumSeconds(), cfg.retryBackOffRandomRangeSeconds(),
                cfg.retryBackOffRepeatTimes());
        state = State.WAITING;
        logger.debug("Next connection attempt in {} ms", wait.toMillis());
        reconnectTask = executor.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the current session, if any, and tells everyone the link is down. */
    private void dropConnection(String reason) {
        generation++;
        cancel(pingTask);
        pingTask = null;
        Session s = session;
        session = null;
        if (s != null) {
            try {
                s.close(1000, "", Callback.NOOP);
            } catch (RuntimeException e) {
                s.disconnect();
            }
        }
        if (connected) {
            connected = false;
            since = clock.instant();
            outbound.connectionDown(reason);
            LinkStatus st = status();
            listeners.forEach(l -> notify(l, false, st));
        }
    }

    private void schedulePing(Session s, int gen) {
        cancel(pingTask);
        pingTask = null;
        unansweredPings = 0;
        int interval = config.webSocketPingIntervalSeconds();
        if (interval <= 0) {
            return;
        }
        pingTask = executor.scheduleAtFixedRate(() -> ping(s, gen), interval, interval, TimeUnit.SECONDS);
    }

    private void ping(Session s, int gen) {
        if (gen != generation || session != s) {
            return;
        }
        if (unansweredPings >= 2) {
            s.disconnect();
            lost(gen, "no WebSocket pong for " + unansweredPings + " pings");
            return;
        }
        unansweredPings++;
        s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }

    private InboundPipeline.Outlet outlet(Session s) {
        return (frame, afterWritten) -> write(s, frame, failure -> {
            if (failure == null) {
                afterWritten.run();
            } else {
                logger.debug("Reply not written: {}", failure.toString());
            }
        });
    }

    private OutboundQueue.Sender sender(Session s) {
        return (frame, done) -> write(s, frame, done);
    }

    private static void write(Session s, String frame, Consumer<Throwable> done) {
        messageLog.info("OUT {}", frame);
        s.sendText(frame, Callback.from(() -> done.accept(null), done::accept));
    }

    // ------------------------------------------------------------------ helpers

    private boolean submit(Runnable task) {
        ScheduledExecutorService ex = executor;
        if (ex == null) {
            return false;
        }
        try {
            ex.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    logger.error("OCPP-J transport task failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static void notify(OcppConnectionListener l, boolean up, LinkStatus st) {
        try {
            if (up) {
                l.connected(st);
            } else {
                l.disconnected(st);
            }
        } catch (RuntimeException e) {
            logger.error("OcppConnectionListener {} failed", l.getClass().getName(), e);
        }
    }

    private static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String basicAuth(String stationId, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((stationId + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** csmsUrl + "/" + percent-encoded stationId, checked against the security profile. */
    static URI connectionUri(RpcConfig cfg) {
        String base = cfg.csmsUrl();
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("csmsUrl is not configured");
        }
        String id = cfg.stationId();
        if (id == null || id.isEmpty() || id.length() > 48 || id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("stationId must be 1 to 48 characters without ':'");
        }
        URI uri;
        try {
            uri = new URI(base.endsWith("/") ? base + encode(id) : base + "/" + encode(id));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("csmsUrl is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("csmsUrl must start with ws:// or wss://");
        }
        int profile = cfg.securityProfile();
        if (profile < 1 || profile > 3) {
            throw new IllegalArgumentException("securityProfile " + profile + " is not 1, 2 or 3");
        }
        if (profile >= 2 && !scheme.equals("wss")) {
            throw new IllegalArgumentException("securityProfile " + profile
                    + " needs TLS: set a wss:// csmsUrl or use securityProfile 1");
        }
        return uri;
    }

    /** The endpoint as shown in LinkStatus and logs: without user info. */
    static String endpointOf(RpcConfig cfg) {
        try {
            URI u = connectionUri(cfg);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getRawPath() == null ? null : u.getPath(),
                    null, null).toASCIIString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return "";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------ test hooks

    /** The pipeline the component feeds inbound frames into (for tests). */
    InboundPipeline inboundPipeline() {
        return inbound;
    }

    HandlerRegistry handlerRegistry() {
        return handlers;
    }

    /**
     * Jetty's WebSocket callbacks for one connection attempt; every event goes to the executor. Public
     * only because Jetty binds listener methods through a public method-handle lookup.
     */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private final int gen;
        private volatile Session s;

        Endpoint(int gen) {
            this.gen = gen;
        }

        @Override
        public void onWebSocketOpen(Session sess) {
            this.s = sess;
            String accepted = sess.getUpgradeResponse() == null ? null
                    : sess.getUpgradeResponse().getAcceptedSubProtocol();
            if (!SUBPROTOCOL.equals(accepted)) {
                sess.close(1002, "subprotocol " + SUBPROTOCOL + " required", Callback.NOOP);
                submit(() -> lost(gen, "the CSMS did not accept subprotocol " + SUBPROTOCOL));
                return;
            }
            submit(() -> opened(gen, sess));
        }

        @Override
        public void onWebSocketText(String text) {
            submit(() -> {
                if (gen == generation && state == State.CONNECTED && session == s) {
                    messageLog.info("IN  {}", text);
                    inbound.accept(text, outlet(s));
                }
            });
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            callback.succeed();
            logger.debug("Ignoring a binary WebSocket message ({} bytes): OCPP-J uses text", payload.remaining());
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            submit(() -> {
                if (gen == generation) {
                    unansweredPings = 0;
                }
            });
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            submit(() -> lost(gen, "closed (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason)
                    + ")"));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            submit(() -> lost(gen, describe(cause)));
        }
    }
}
