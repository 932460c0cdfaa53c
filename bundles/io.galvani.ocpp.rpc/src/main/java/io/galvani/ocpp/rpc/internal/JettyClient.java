package io.galvani.ocpp.rpc.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty {@link HttpClient} and {@link WebSocketClient} with their own small daemon pool
 * ({@code galvani-ocpp-jetty-*}) and scheduler ({@code galvani-ocpp-jetty-scheduler-*}): creation,
 * start, per-connection frame limits and a stop that leaves no thread behind.
 */
final class JettyClient {
    private static final Logger logger = LoggerFactory.getLogger(JettyClient.class);

    private final HttpClient http;
    private final WebSocketClient ws;
    private final int securityProfile;
    private final boolean tlsEnabled;
    private final boolean allowWildcards;
    private final SslContextFactory.Client ssl;
    /** Protects the station's key inside the in-memory key store handed to JSSE; never leaves this object. */
    private final char[] keyStorePassword;
    private String materialFingerprint;

    /**
     * Configures the clients (not started yet). TLS is set up for {@code securityProfile} when
     * {@code useTls} (a wss:// profile) with the OCPP rules of {@link TlsSettings}; a client serves every
     * profile with the same settings. Load the TLS material with {@link #useMaterial} before each connection.
     */
    JettyClient(int securityProfile, boolean useTls, int connectTimeoutSeconds, boolean allowWildcards) {
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName(OcppRpcLink.THREAD_PREFIX + "jetty");
        pool.setDaemon(true);
        pool.setStopTimeout(1000);
        HttpClient h = new HttpClient();
        h.setExecutor(pool);
        h.setScheduler(new ScheduledExecutorScheduler(OcppRpcLink.THREAD_PREFIX + "jetty-scheduler", true));
        h.setConnectTimeout(Duration.ofSeconds(Math.max(5, connectTimeoutSeconds)).toMillis());
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        if (useTls) {
            TlsSettings.apply(ssl, allowWildcards);
        }
        h.setSslContextFactory(ssl);
        if (!useTls) {
            // A plain ws:// link never needs TLS; starting the factory would initialise JSSE and create a
            // throw-away SSLEngine, a few hundred milliseconds of a cold start on a small CPU.
            h.getClientConnector().unmanage(ssl);
        }
        WebSocketClient w = new WebSocketClient(h);
        w.setStopAtShutdown(false);
        w.setStopTimeout(1000);
        w.setIdleTimeout(Duration.ZERO); // liveness is checked with pings
        this.http = h;
        this.ws = w;
        this.securityProfile = securityProfile;
        this.tlsEnabled = useTls;
        this.allowWildcards = allowWildcards;
        this.ssl = ssl;
        // ws:// never needs it, and SecureRandom costs start-up time
        this.keyStorePassword = useTls ? randomPassword() : null;
    }

    /** Whether this client can serve a profile with these settings (else a new client is needed). */
    boolean serves(int profile, boolean useTls, boolean wildcards) {
        return profile == securityProfile && useTls == tlsEnabled && wildcards == allowWildcards;
    }

    /**
     * Trust anchors and (profile 3) client credentials for the next connection: set before {@link #start()}, reloaded
     * into the running TLS context when they changed (a root installed, a renewed certificate), else left alone.
     */
    void useMaterial(TlsMaterial material) throws Exception {
        String fingerprint = material.fingerprint();
        if (fingerprint.equals(materialFingerprint)) {
            return;
        }
        java.security.KeyStore trust = material.trustStore();
        java.security.KeyStore keys = material.keyStore(keyStorePassword);
        java.util.function.Consumer<SslContextFactory> load = f -> {
            f.setTrustStore(trust);
            f.setKeyStore(keys);
            String password = keys == null ? null : new String(keyStorePassword);
            f.setKeyStorePassword(password);
            f.setKeyManagerPassword(password);
        };
        if (ssl.isStarted()) {
            ssl.reload(load);
        } else {
            load.accept(ssl);
        }
        materialFingerprint = fingerprint;
    }

    private static char[] randomPassword() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getEncoder().encodeToString(random).toCharArray();
    }

    void start() throws Exception {
        http.start();
        ws.start();
    }

    boolean isStarted() {
        return ws.isStarted();
    }

    /** Opens a WebSocket; larger inbound text messages or frames than {@code maxFrameBytes} close it with 1009. */
    CompletableFuture<Session> connect(Object endpoint, ClientUpgradeRequest upgrade, int maxFrameBytes)
            throws Exception {
        ws.setMaxTextMessageSize(maxFrameBytes);
        ws.setMaxFrameSize(maxFrameBytes);
        ws.setMaxBinaryMessageSize(1024);
        return ws.connect(endpoint, upgrade);
    }

    /** Stops both clients and the pool, also when {@link #start()} failed half-way. */
    void stop() {
        for (LifeCycle lc : new LifeCycle[] { ws, http }) {
            try {
                lc.stop();
            } catch (Exception e) {
                logger.debug("Stopping {} failed: {}", lc, e.toString());
            }
        }
        if (http.getExecutor() instanceof LifeCycle pool) {
            try {
                pool.stop();
            } catch (Exception e) {
                logger.debug("Stopping the Jetty pool failed: {}", e.toString());
            }
        }
    }
}
