package io.galvani.ocpp.rpc.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
import io.galvani.ocpp.model.types.NetworkConnectionProfileType;

/**
 * Keeps the WebSocket connection to the CSMS up: starts and stops the Jetty client, connects with
 * the OCPP subprotocol and Basic auth, reconnects with the §5.3 back-off after a failed attempt or a
 * lost connection, watches pongs, and publishes the {@link LinkStatus} fields. Never more than one
 * attempt is in flight; every attempt has its own generation, and events of older generations are
 * ignored.
 *
 * <p>Network connection profiles (B10): at start and after a lost connection the station works
 * through NetworkConfigurationPriority, making NetworkProfileConnectionAttempts attempts per entry
 * (B10.FR.03/04); when every entry failed it falls back to the profile of the last successful
 * connection (B10.FR.07) for as many attempts, then starts the list again (B10.FR.08), and never
 * gives up (B10.FR.09). The slot and profile of a successful connection are kept: reconnecting to
 * that slot uses the same profile even if SetNetworkProfile overwrote the slot meanwhile (B09: a
 * change to the active profile takes effect after a reboot, i.e. when the component is activated
 * again).
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

        /** A security event (OCPP Appendix 1) happened while connecting, e.g. an invalid CSMS certificate. */
        void securityEvent(String type, String techInfo);

        /**
         * The CSMS refused the new BasicAuthPassword and accepted the previous one: it stays the station's password
         * (the configuration must be set back to it).
         */
        void passwordRestored(String previous);
    }

    private enum State { IDLE, CONNECTING, CONNECTED, WAITING, STOPPED }

    /** A configuration slot and the profile used for it. */
    record Target(int slot, NetworkConnectionProfileType profile) {
        int securityProfile() {
            return profile.securityProfile();
        }
    }

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
    /** The TLS material of the current attempt or connection; null for ws://. */
    private TlsMaterial material;
    /** The last attempt could not even start TLS (no certificate store yet, no CSMS root): see {@link #certificatesChanged}. */
    private boolean waitingForCertificates;
    /** The security event last reported for a failed attempt: repeated failures report it once (A00.FR.316). */
    private String lastReportedFailure;
    private final BasicAuthPasswords passwords = new BasicAuthPasswords();
    /** The slots being worked through (B10), the current entry and its failed attempts. */
    private List<Integer> plan = List.of();
    private int planIndex;
    private int failedOnEntry;
    /** Trying the profile of the last successful connection after the whole plan failed (B10.FR.07). */
    private boolean fallback;
    private String lastPlanWarning;

    // --- published state ---
    private volatile RpcConfig config;
    private volatile NetworkProfiles profiles;
    /** The slot and profile of the current attempt or connection. */
    private volatile Target current;
    /** The slot and profile of the last successful connection since start. */
    private volatile Target lastGood;
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

    /** Starts the first connection attempt on the transport thread. */
    void start(TransportExecutor executor, RpcConfig cfg, NetworkProfiles np) {
        this.config = cfg;
        this.profiles = np;
        this.transport = executor;
        this.pings = new PingWatchdog(executor.scheduler());
        executor.scheduler().execute(() -> {
            restartPlan();
            connect();
        });
    }

    /**
     * A new configuration (executor). Identity, credentials or the flat csmsUrl/securityProfile changed:
     * reconnects at once (A01: a new BasicAuthPassword is used right away). Profiles, priority and
     * attempts are used from the next connection attempt after a lost connection or a restart (B10);
     * the ping interval and the back-off apply live.
     */
    void reconfigure(RpcConfig cfg, NetworkProfiles np) {
        RpcConfig old = this.config;
        NetworkProfiles oldProfiles = this.profiles;
        this.config = cfg;
        this.profiles = np;
        // csmsUrl/securityProfile only matter while they make slot 1
        boolean flatProfileChanged = (np.slot1Derived() || oldProfiles.slot1Derived())
                && (!Objects.equals(old.csmsUrl(), cfg.csmsUrl()) || old.securityProfile() != cfg.securityProfile());
        Target good = lastGood;
        if (good != null) {
            // Changes to the slot in use wait for a restart, except when they keep its URL and security
            // profile (e.g. messageTimeout) or come from the flat properties the installer edits.
            Optional<NetworkConnectionProfileType> now = np.profile(good.slot());
            if (now.isPresent() && (sameEndpoint(now.get(), good.profile()) || flatProfileChanged && good.slot() == 1
                    && np.slot1Derived())) {
                lastGood = new Target(good.slot(), now.get());
                Target c = current;
                if (c != null && c.slot() == good.slot()) {
                    current = lastGood;
                }
            }
        }
        boolean credentialsChanged = passwords.changed(old._basicAuthPassword(), cfg._basicAuthPassword());
        if (credentialsChanged) {
            logger.info("BasicAuthPassword changed"); // never the value (A01.FR.12)
            link.securityEvent(io.galvani.security.api.SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS,
                    "SecurityCtrlr.BasicAuthPassword changed (A01.FR.11)");
            Target c = current;
            credentialsChanged = c == null || c.securityProfile() != 3; // profile 3 sends no password
        }
        if (!Objects.equals(old.stationId(), cfg.stationId()) || credentialsChanged || flatProfileChanged
                || old.maxFrameBytes() != cfg.maxFrameBytes()) {
            logger.info("OCPP-J connection settings changed; reconnecting");
            reconnectNow("configuration changed", true);
        } else if (state == State.CONNECTED && old.webSocketPingIntervalSeconds() != cfg
                .webSocketPingIntervalSeconds()) {
            startPings(session, generation);
        } else if (state == State.IDLE && !np.plan().isEmpty()) {
            // nothing was usable before; now something is
            restartPlan();
            connect();
        }
    }

    private static boolean sameEndpoint(NetworkConnectionProfileType a, NetworkConnectionProfileType b) {
        return a.ocppCsmsUrl().equals(b.ocppCsmsUrl()) && a.securityProfile().equals(b.securityProfile());
    }

    /**
     * Reconnects at once with the same profile (executor) if the connection in use presents the station's
     * certificate (security profile 3): a renewed certificate is used from the next connection (A02.FR.08).
     */
    void reconnectForNewCredentials() {
        Target c = current;
        if (state == State.STOPPED || c == null || c.securityProfile() != 3) {
            return;
        }
        logger.info("Reconnecting to use the renewed ChargingStationCertificate");
        reconnectNow("renewed ChargingStationCertificate", false);
    }

    /** Drops the connection and connects again at once, without back-off; from the first slot if {@code restart}. */
    private void reconnectNow(String reason, boolean restart) {
        dropConnection(reason);
        backOff.reset();
        cancel(reconnectTask);
        state = State.IDLE;
        if (restart) {
            restartPlan();
        }
        connect();
    }

    /**
     * The certificate store came (e.g. its bundle started after the transport, as within one start level): an
     * attempt that failed for want of it is retried at once instead of after the back-off (executor).
     */
    void certificatesChanged() {
        if (state == State.WAITING && waitingForCertificates) {
            cancel(reconnectTask);
            connect();
        }
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
        Target c = current;
        return new LinkStatus(connected, endpoint, securityProfile(), since, queuedCalls, lastError,
                c == null ? 0 : c.slot());
    }

    /**
     * SecurityCtrlr.SecurityProfile: that of the last successful connection (A05.FR.06: it changes
     * only once a connection with the new profile succeeded); before one, that of the first slot to try.
     */
    int securityProfile() {
        Target good = lastGood;
        if (good != null) {
            return good.securityProfile();
        }
        NetworkProfiles np = profiles;
        if (np != null) {
            for (int slot : np.plan()) {
                return np.profile(slot).map(NetworkConnectionProfileType::securityProfile).orElse(1);
            }
        }
        RpcConfig cfg = config;
        return cfg == null ? 1 : cfg.securityProfile();
    }

    /** The slot in use (connected, or being tried), 0 before the first attempt. */
    int activeSlot() {
        Target c = current;
        return c == null ? 0 : c.slot();
    }

    /** OCPPCommCtrlr.MessageTimeout[Default]: messageTimeout of the profile in use. */
    int messageTimeoutSeconds() {
        Target c = current;
        if (c == null) {
            c = lastGood;
        }
        if (c != null) {
            return Math.max(1, c.profile().messageTimeout());
        }
        RpcConfig cfg = config;
        return cfg == null ? RpcDefaults.integer("messageTimeoutSeconds") : Math.max(1, cfg.messageTimeoutSeconds());
    }

    boolean isConnected() {
        return connected;
    }

    // ------------------------------------------------------------------ state machine (executor)

    /**
     * A Jetty client for {@code t}'s security profile and scheme, loaded with {@code tlsMaterial} (null for ws://);
     * reuses the current one if it fits.
     */
    private JettyClient clientFor(Target t, TlsMaterial tlsMaterial) throws Exception {
        boolean tlsNeeded = tlsMaterial != null;
        boolean wildcards = config.allowCsmsTlsWildcards();
        JettyClient c = jetty;
        if (c != null && c.isStarted() && c.serves(t.securityProfile(), tlsNeeded, wildcards)) {
            if (tlsNeeded) {
                c.useMaterial(tlsMaterial);
            }
            return c;
        }
        if (c != null) {
            c.stop();
        }
        c = new JettyClient(t.securityProfile(), tlsNeeded, t.profile().messageTimeout(), wildcards);
        this.jetty = c;
        if (tlsNeeded) {
            c.useMaterial(tlsMaterial);
        }
        c.start();
        return c;
    }

    private static boolean usesTls(Target t) {
        return t.profile().ocppCsmsUrl().regionMatches(true, 0, "wss:", 0, 4);
    }

    /** One connection attempt; a bug in it is logged and counts as a failed attempt, never stops reconnecting. */
    private void connect() {
        try {
            attempt();
        } catch (RuntimeException | LinkageError e) {
            logger.error("Connection attempt failed unexpectedly", e);
            if (state == State.CONNECTING) {
                lost(generation, "connection attempt failed: " + describe(e));
            }
        }
    }

    private void attempt() {
        if (state != State.IDLE && state != State.WAITING) {
            return; // never more than one attempt in flight
        }
        RpcConfig cfg = config;
        Target t = target();
        if (t == null) {
            configurationError(profiles.whyNoPlan());
            return;
        }
        if (current == null || current.slot() != t.slot()) {
            logger.info("Connecting with network profile slot {}", t.slot());
        }
        current = t;
        URI uri;
        try {
            uri = Handshake.connectionUri(t.profile().ocppCsmsUrl(), t.securityProfile(), cfg.stationId());
        } catch (IllegalArgumentException e) {
            configurationError(e.getMessage());
            return;
        }
        this.endpoint = Handshake.endpointOf(t.profile().ocppCsmsUrl(), t.securityProfile(), cfg.stationId());
        TlsMaterial tlsMaterial = null;
        if (usesTls(t)) {
            try {
                tlsMaterial = tls.material(t.securityProfile());
            } catch (TlsConfigurer.TlsUnavailable e) {
                // Not a configuration error of this profile: a certificate may be installed any time.
                waitingForCertificates = true;
                state = State.CONNECTING;
                int gen = ++generation;
                lost(gen, "cannot connect with TLS: " + e.getMessage());
                return;
            }
        }
        this.material = tlsMaterial;
        waitingForCertificates = false;
        JettyClient client;
        try {
            client = clientFor(t, tlsMaterial);
        } catch (Exception e) {
            logger.error("Cannot start the Jetty WebSocket client", e);
            lastError = "WebSocket client failed to start: " + e;
            state = State.IDLE;
            return;
        }
        int gen = ++generation;
        state = State.CONNECTING;
        logger.debug("Connecting to {}", endpoint);
        try {
            String password = passwords.forAttempt(cfg._basicAuthPassword());
            client.connect(new CsmsSocket(gen, transport, this),
                    Handshake.upgradeRequest(uri, t.securityProfile(), cfg.stationId(), password),
                    cfg.maxFrameBytes()).whenComplete((s, failure) -> {
                        if (failure != null) {
                            transport.submit(() -> attemptFailed(gen, failure));
                        }
                    });
        } catch (Exception e) {
            attemptFailed(gen, e);
        }
    }

    /**
     * The attempt of generation {@code gen} failed: a security event if the failure is one (once for a run of the
     * same failure, A00.FR.316), the certificate store told if the CSMS refused the station's certificate, then the
     * next attempt after the back-off.
     */
    private void attemptFailed(int gen, Throwable failure) {
        if (gen != generation || state != State.CONNECTING) {
            return;
        }
        Optional<ConnectFailures.Classified> security = ConnectFailures.classify(failure);
        security.ifPresent(f -> {
            String key = f.eventType() + ": " + f.techInfo();
            if (!key.equals(lastReportedFailure)) {
                lastReportedFailure = key;
                logger.warn("Security event {}: {} ({})", f.eventType(), f.techInfo(), endpoint);
                link.securityEvent(f.eventType(), f.techInfo());
            }
            TlsMaterial m = material;
            if (f.credentialsRefused() && m != null) {
                tls.refused(m);
            }
            if (f.eventType().equals(io.galvani.security.api.SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS)
                    && !f.credentialsRefused()) {
                passwords.refused(config._basicAuthPassword()); // HTTP 401
            }
        });
        // The classified reason is what an operator can act on; the JSSE text is in the debug log.
        logger.debug("Connection attempt to {} failed", endpoint, failure);
        lost(gen, "connection attempt failed: " + security.map(f -> f.eventType() + ": " + f.techInfo())
                .orElseGet(() -> describe(failure)));
    }

    /** The slot and profile to try now; null if no slot can be used. */
    private Target target() {
        Target good = lastGood;
        if (fallback && good != null) {
            return good;
        }
        for (int round = 0; round < 2; round++) {
            if (plan.isEmpty() || round > 0) {
                restartPlan(); // e.g. the configuration changed and the planned slot is gone
            }
            if (plan.isEmpty()) {
                return null;
            }
            int slot = plan.get(Math.min(planIndex, plan.size() - 1));
            if (good != null && good.slot() == slot) {
                return good; // the slot in use keeps its profile until a restart (B09 remark)
            }
            Optional<NetworkConnectionProfileType> p = profiles.profile(slot)
                    .filter(q -> NetworkProfiles.usable(q).isEmpty());
            if (p.isPresent()) {
                return new Target(slot, p.get());
            }
        }
        return null;
    }

    /** Starts again at the first entry of NetworkConfigurationPriority (B10.FR.03/04/08). */
    private void restartPlan() {
        plan = profiles.plan();
        planIndex = 0;
        failedOnEntry = 0;
        fallback = false;
        String skipped = plan.size() < profiles.priority().size() ? profiles.whyNoPlan() : null;
        if (skipped != null && !skipped.equals(lastPlanWarning)) {
            logger.warn("Some NetworkConfigurationPriority slots are skipped: {}", skipped);
        }
        lastPlanWarning = skipped;
    }

    /** An attempt failed: after NetworkProfileConnectionAttempts failures, the next entry (B10.FR.03). */
    private void attemptFailed() {
        failedOnEntry++;
        if (failedOnEntry < profiles.attempts()) {
            return;
        }
        failedOnEntry = 0;
        Target good = lastGood;
        if (fallback) {
            logger.info("Restarting NetworkConfigurationPriority after the fallback to slot {} failed",
                    good == null ? 0 : good.slot());
            restartPlan();
        } else if (planIndex + 1 < plan.size()) {
            planIndex++;
            logger.info("{} attempts with network profile slot {} failed; trying slot {}", profiles.attempts(),
                    current == null ? 0 : current.slot(), plan.get(planIndex));
        } else if (good != null && !plan.contains(good.slot())) {
            fallback = true;
            logger.info("Every NetworkConfigurationPriority entry failed; falling back to slot {}, the last that"
                    + " connected", good.slot());
        } else {
            restartPlan();
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
        Target before = lastGood;
        lastGood = current;
        if (before != null && before.securityProfile() != current.securityProfile()) {
            link.securityEvent(io.galvani.security.api.SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS,
                    "SecurityProfile " + before.securityProfile() + " -> " + current.securityProfile()
                            + " (network profile slot " + current.slot() + ")");
        }
        failedOnEntry = 0;
        fallback = false;
        backOff.reset();
        lastLoggedFailure = null;
        lastReportedFailure = null;
        lastError = null;
        since = clock.instant();
        connected = true;
        TlsMaterial m = material;
        if (m != null) {
            tls.connected(m);
        }
        if (current.securityProfile() != 3) {
            String restored = passwords.connected(config._basicAuthPassword());
            if (restored != null) {
                logger.warn("The CSMS refused the new BasicAuthPassword and accepted the previous one, which stays");
                link.passwordRestored(restored);
            }
        }
        logger.info("Connected to {} (subprotocol {}, network profile slot {}, security profile {})", endpoint,
                Handshake.SUBPROTOCOL, current.slot(), current.securityProfile());
        startPings(s, gen);
        link.up(CsmsSocket.sender(s));
    }

    @Override
    public void failed(int gen, Throwable cause) {
        if (state == State.CONNECTING) {
            attemptFailed(gen, cause);
        } else {
            lost(gen, describe(cause));
        }
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
        if (wasConnected) {
            restartPlan(); // B10.FR.03 (errata 2025-04): after a lost connection, through the priority again
        } else {
            attemptFailed();
        }
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
