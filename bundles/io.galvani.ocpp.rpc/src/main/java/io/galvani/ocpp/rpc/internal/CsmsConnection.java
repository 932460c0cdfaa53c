package io.galvani.ocpp.rpc.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.LinkStatus;

/**
 * Keeps the WebSocket connection to the CSMS up: starts and stops the Jetty client, connects with
 * the OCPP subprotocol and Basic auth, reconnects with the §5.3 back-off after a failed attempt or a
 * lost connection, watches pongs, and publishes the {@link LinkStatus} fields. Never more than one
 * attempt is in flight; every attempt has its own generation, and events of older generations are
 * ignored.
 *
 * <p>Confined to the transport's executor thread, except the constructor, {@link #start} and
 * {@link #stopClient()} (the lifecycle) and {@link #status} (any thread).
 */
final class CsmsConnection implements CsmsSocket.Events {
    private static final Logger logger = LoggerFactory.getLogger(CsmsConnection.class);

    /** What the connection tells the OCPP layer; called on the transport thread. */
    interface Link {
        /** The link is up: CALLs go out through {@code sender}. */
        void up(OutboundQueue.Sender sender);

        /** The link went down. */
        void down(String reason);

        /** A text frame arrived on the live connection; replies go to {@code replies}. */
        void received(String text, InboundPipeline.Outlet replies);
    }

    private enum State { IDLE, CONNECTING, CONNECTED, WAITING, STOPPED }

    private final Clock clock;
    private final BackOff backOff;
    private final TlsConfigurer tls;
    private final Link link;

    // --- set in start ---
    private TransportExecutor transport;
    private PingWatchdog pings;
    private volatile JettyClient jetty;

    // --- state confined to the executor thread ---
    private State state = State.IDLE;
    private int generation;
    private Session session;
    private ScheduledFuture<?> reconnectTask;
    private String lastLoggedFailure;

    // --- published state ---
    private volatile RpcConfig config;
    private volatile boolean connected;
    private volatile Instant since;
    private volatile String lastError;
    private volatile String endpoint = "";

    /** The random source of the back-off returns a value in {@code [0, bound]}. */
    CsmsConnection(Clock clock, LongUnaryOperator random, TlsConfigurer tls, Link link) {
        this.clock = clock;
        this.backOff = new BackOff(random);
        this.tls = tls;
        this.link = link;
        this.since = clock.instant();
    }

    /** Starts the Jetty client and the first connection attempt on the transport thread. */
    void start(TransportExecutor executor, RpcConfig cfg) {
        this.config = cfg;
        this.endpoint = Handshake.endpointOf(cfg);
        this.transport = executor;
        this.pings = new PingWatchdog(executor.scheduler());
        executor.scheduler().execute(this::startClient);
    }

    /** A new configuration: reconnects at once if a connection setting changed (executor). */
    void reconfigure(RpcConfig cfg) {
        RpcConfig old = this.config;
        this.config = cfg;
        if (connectionChanged(old, cfg)) {
            logger.info("OCPP-J connection settings changed; reconnecting");
            this.endpoint = Handshake.endpointOf(cfg);
            dropConnection("configuration changed");
            backOff.reset();
            cancel(reconnectTask);
            state = State.IDLE;
            connect();
        } else if (state == State.CONNECTED && old.webSocketPingIntervalSeconds() != cfg
                .webSocketPingIntervalSeconds()) {
            startPings(session, generation);
        }
    }

    private static boolean connectionChanged(RpcConfig a, RpcConfig b) {
        return !Objects.equals(a.csmsUrl(), b.csmsUrl()) || !Objects.equals(a.stationId(), b.stationId())
                || !Objects.equals(a._basicAuthPassword(), b._basicAuthPassword())
                || a.securityProfile() != b.securityProfile() || a.maxFrameBytes() != b.maxFrameBytes();
    }

    /** Closes the connection for good; no further attempts (executor). */
    void stop(String reason) {
        state = State.STOPPED;
        generation++;
        cancel(reconnectTask);
        dropConnection(reason);
    }

    /** Stops the Jetty client and its threads (after {@link #stop}; any thread). */
    void stopClient() {
        JettyClient c = jetty;
        if (c != null) {
            c.stop();
        }
    }

    LinkStatus status(int queuedCalls) {
        RpcConfig cfg = config;
        return new LinkStatus(connected, endpoint, cfg == null ? 1 : cfg.securityProfile(), since, queuedCalls,
                lastError);
    }

    boolean isConnected() {
        return connected;
    }

    // ------------------------------------------------------------------ state machine (executor)

    private void startClient() {
        try {
            JettyClient c = new JettyClient(config, tls);
            this.jetty = c;
            c.start();
        } catch (Exception e) {
            logger.error("Cannot start the Jetty WebSocket client", e);
            lastError = "WebSocket client failed to start: " + e;
            return;
        }
        connect();
    }

    private void connect() {
        if (state != State.IDLE && state != State.WAITING) {
            return; // never more than one attempt in flight
        }
        JettyClient client = jetty;
        if (client == null || !client.isStarted()) {
            return;
        }
        RpcConfig cfg = config;
        URI uri;
        try {
            uri = Handshake.connectionUri(cfg);
        } catch (IllegalArgumentException e) {
            configurationError(e.getMessage());
            return;
        }
        int gen = ++generation;
        state = State.CONNECTING;
        logger.debug("Connecting to {}", endpoint);
        try {
            client.connect(new CsmsSocket(gen, transport, this), Handshake.upgradeRequest(uri, cfg),
                    cfg.maxFrameBytes()).whenComplete((s, failure) -> {
                        if (failure != null) {
                            transport.submit(() -> lost(gen, "connection attempt failed: " + describe(failure)));
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

    @Override
    public void opened(int gen, Session s) {
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
        logger.info("Connected to {} (subprotocol {})", endpoint, Handshake.SUBPROTOCOL);
        startPings(s, gen);
        link.up(CsmsSocket.sender(s));
    }

    /** The connection or the attempt ended; schedules the next attempt. */
    @Override
    public void lost(int gen, String reason) {
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
        reconnectTask = transport.scheduler().schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void received(int gen, Session s, String text) {
        if (gen == generation && state == State.CONNECTED && session == s) {
            CsmsSocket.logInbound(text);
            link.received(text, CsmsSocket.outlet(s));
        }
    }

    @Override
    public void ponged(int gen) {
        if (gen == generation) {
            pings.pong();
        }
    }

    /** Closes the current session, if any, and tells everyone the link is down. */
    private void dropConnection(String reason) {
        generation++;
        pings.stop();
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
            link.down(reason);
        }
    }

    private void startPings(Session s, int gen) {
        pings.start(s, config.webSocketPingIntervalSeconds(), () -> gen == generation && session == s,
                reason -> lost(gen, reason));
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
