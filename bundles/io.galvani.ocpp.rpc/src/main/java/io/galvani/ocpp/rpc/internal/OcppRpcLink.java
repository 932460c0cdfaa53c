package io.galvani.ocpp.rpc.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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

import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.api.OcppFrameListener;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.model.Action;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.security.api.CertificateStore;
import io.galvani.security.api.CertificateStoreListener;
import io.galvani.security.api.SecurityEvents;

/**
 * The OCPP-J transport component: provides {@link OcppLink}, takes the configuration and the
 * whiteboards ({@link OcppRequestHandler}, {@link OcppSessionGate}, {@link OcppConnectionListener})
 * and wires the parts together (every frame passes the {@link FrameTap}: message log and
 * {@link OcppFrameListener}s; round trips and counters go to {@link LinkCounters}): the {@link CsmsConnection} keeps the WebSocket up, the
 * {@link OutboundQueue} sends CALLs one at a time and the {@link InboundPipeline} answers the CSMS's
 * CALLs.
 *
 * <p>Threads: one daemon thread {@code galvani-ocpp-rpc} (the {@link TransportExecutor}) owns all
 * state: the outbound queue, the connection state machine, inbound dispatch, timers. Jetty's I/O
 * runs on its own small pool ({@code galvani-ocpp-jetty-*}) and only hands events over to that thread.
 */
@Component(service = { OcppLink.class, NetworkState.class }, configurationPid = OcppRpcLink.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = RpcConfig.class)
public final class OcppRpcLink implements OcppLink, NetworkState {
    static final String PID = "io.galvani.ocpp.rpc";
    /** Every thread the transport owns starts with this. */
    static final String THREAD_PREFIX = "galvani-ocpp-";

    private static final Logger logger = LoggerFactory.getLogger(OcppRpcLink.class);

    private final HandlerRegistry handlers = new HandlerRegistry();
    private final List<OcppConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final FrameTap frames;
    private final LinkCounters counters = new LinkCounters();
    private final CsmsConnection connection;
    private volatile OcppSessionGate gate;
    private volatile RpcConfig config;
    private final TlsConfigurer tls;

    // --- owned resources; created in activate ---
    private volatile TransportExecutor executor;
    private OutboundQueue outbound;
    private InboundPipeline inbound;

    /** The station's certificates and security events, from the security bundles when they run. */
    private volatile CertificateStore certificates;
    private volatile SecurityEvents securityEvents;
    private volatile org.osgi.service.cm.ConfigurationAdmin configurationAdmin;
    private ServiceRegistration<CertificateStoreListener> renewalListener;
    /** InvalidMessages for the security log, at most one event a minute (a misbehaving CSMS must not flood it). */
    private final InvalidMessages invalidMessages = new InvalidMessages(Clock.systemUTC(),
            techInfo -> report(io.galvani.security.api.SecurityEventType.INVALID_MESSAGES, techInfo));

    /** Used by Declarative Services. */
    public OcppRpcLink() {
        this(Clock.systemUTC(), bound -> ThreadLocalRandom.current().nextLong(bound + 1), null);
    }

    /**
     * For tests: the clock, the random source of the back-off ({@code bound -> [0, bound]}) and TLS ({@code null}:
     * the bound {@link CertificateStore}).
     */
    OcppRpcLink(Clock clock, LongUnaryOperator random, TlsConfigurer tls) {
        this.tls = tls != null ? tls : new StoreTls(() -> certificates);
        this.frames = new FrameTap(clock);
        this.connection = new CsmsConnection(clock, random, this.tls, new CsmsConnection.Link() {
            @Override
            public void up(OutboundQueue.Sender sender) {
                counters.connected();
                configureOutbound(config);
                outbound.connectionUp((frame, done) -> frames.send(frame, () -> sender.send(frame, done)));
                notifyListeners(true);
            }

            @Override
            public void down(String reason) {
                outbound.connectionDown(reason);
                notifyListeners(false);
            }

            @Override
            public void received(String text, InboundPipeline.Outlet replies) {
                frames.received(text);
                inbound.accept(text, (frame, afterWritten) -> frames.send(frame,
                        () -> replies.send(frame, afterWritten)));
            }

            @Override
            public void securityEvent(String type, String techInfo) {
                report(type, techInfo);
            }

            @Override
            public void passwordRestored(String previous) {
                restorePassword(previous);
            }
        });
    }

    // ------------------------------------------------------------------ lifecycle

    @Activate
    void activate(BundleContext context, RpcConfig cfg, Map<String, Object> properties) {
        start(cfg, properties);
        // Registered by hand, not as a DS service: the certificate bundle's listener reference and this component's
        // CertificateStore reference would otherwise form a DS cycle.
        CertificateStoreListener listener = () -> submit(connection::reconnectForNewCredentials);
        renewalListener = context.registerService(CertificateStoreListener.class, listener, null);
    }

    /** Starts the transport; tests call it without a framework. */
    void start(RpcConfig cfg, Map<String, Object> properties) {
        this.config = cfg;
        TransportExecutor ex = new TransportExecutor();
        this.outbound = new OutboundQueue(ex.scheduler(), () -> gate, counters);
        configureOutbound(cfg);
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

            @Override
            public void onCallReceived() {
                counters.callReceived();
            }

            @Override
            public void onInvalid(String what) {
                invalidMessages.seen(what);
            }
        }, ex.scheduler());
        this.executor = ex;
        connection.start(ex, cfg, NetworkProfiles.from(properties));
    }

    @Modified
    void modified(RpcConfig cfg, Map<String, Object> properties) {
        NetworkProfiles profiles = NetworkProfiles.from(properties);
        submit(() -> {
            this.config = cfg;
            connection.reconfigure(cfg, profiles);
            configureOutbound(cfg);
        });
    }

    /** MessageTimeout of the profile in use; queue capacity from the configuration. */
    private void configureOutbound(RpcConfig cfg) {
        outbound.configure(Duration.ofSeconds(connection.messageTimeoutSeconds()),
                Math.max(1, cfg.offlineQueueCapacity()));
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<CertificateStoreListener> r = renewalListener;
        renewalListener = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: already gone
            }
        }
        TransportExecutor ex = executor;
        Runnable stop = () -> {
            connection.stop("the OCPP link is shut down");
            outbound.shutdown("the OCPP link is shut down");
        };
        if (ex.isTransportThread()) {
            stop.run(); // deactivated from a callback on our own thread
        } else {
            try {
                ex.runAndWait(stop, Duration.ofSeconds(5));
            } catch (Exception e) {
                logger.warn("OCPP-J transport did not stop in time: {}", e.toString());
            }
        }
        connection.stopClient();
        ex.shutdown();
        logger.info("OCPP-J transport stopped");
    }

    // ------------------------------------------------------------------ OcppLink

    @Override
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        return enqueue(request, false);
    }

    @Override
    public <R extends OcppResponse> CompletionStage<R> callTriggered(OcppRequest<R> request) {
        return enqueue(request, true);
    }

    private <R extends OcppResponse> CompletionStage<R> enqueue(OcppRequest<R> request, boolean triggered) {
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
        OutboundQueue.Pending pending = new OutboundQueue.Pending(request, action, result, triggered);
        if (!submit(() -> outbound.enqueue(pending))) {
            result.completeExceptionally(new OcppConnectionException("The OCPP link is shut down"));
        }
        return typed;
    }

    @Override
    public LinkStatus status() {
        OutboundQueue q = outbound;
        return connection.status(q == null ? 0 : q.queuedCalls());
    }

    @Override
    public LinkStatistics statistics() {
        return counters.snapshot();
    }

    @Override
    public void gateChanged() {
        submit(() -> outbound.pump());
    }

    // ------------------------------------------------------------------ NetworkState

    @Override
    public int activeNetworkProfile() {
        return connection.activeSlot();
    }

    @Override
    public int securityProfile() {
        return connection.securityProfile();
    }

    @Override
    public int messageTimeoutSeconds() {
        return connection.messageTimeoutSeconds();
    }

    @Override
    public String stationId() {
        RpcConfig cfg = config;
        return cfg == null ? RpcDefaults.string("stationId") : cfg.stationId();
    }

    @Override
    public boolean csmsRootCertificateInstalled() {
        return tls.csmsRootCertificateInstalled();
    }

    @Override
    public boolean stationCertificateInstalled() {
        return tls.stationCertificateInstalled();
    }

    // ------------------------------------------------------------------ security

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetCertificates")
    void setCertificates(CertificateStore store) {
        this.certificates = store;
        submit(connection::certificatesChanged);
    }

    void unsetCertificates(CertificateStore store) {
        if (this.certificates == store) {
            this.certificates = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetSecurityEvents")
    void setSecurityEvents(SecurityEvents events) {
        this.securityEvents = events;
    }

    void unsetSecurityEvents(SecurityEvents events) {
        if (this.securityEvents == events) {
            this.securityEvents = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetConfigurationAdmin")
    void setConfigurationAdmin(org.osgi.service.cm.ConfigurationAdmin admin) {
        this.configurationAdmin = admin;
    }

    void unsetConfigurationAdmin(org.osgi.service.cm.ConfigurationAdmin admin) {
        if (this.configurationAdmin == admin) {
            this.configurationAdmin = null;
        }
    }

    /** SecurityCtrlr.BasicAuthPassword goes back to the password the CSMS still accepts (A01.FR.01/04). */
    private void restorePassword(String previous) {
        org.osgi.service.cm.ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            logger.warn("Cannot store the restored BasicAuthPassword: no Config Admin");
            return;
        }
        try {
            TransportConfigStore.of(admin).write(Map.of(".basicAuthPassword", previous));
        } catch (java.io.IOException | RuntimeException e) {
            logger.error("Cannot store the restored BasicAuthPassword: {}", e.toString());
        }
        report(io.galvani.security.api.SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS,
                "SecurityCtrlr.BasicAuthPassword set back: the CSMS refused the new password (A01.FR.04)");
    }

    /** Reports a security event if the security-event bundle runs; the operational log has it anyway. */
    private void report(String type, String techInfo) {
        SecurityEvents events = securityEvents;
        if (events == null) {
            logger.warn("Security event {} not recorded (no security-event bundle): {}", type, techInfo);
            return;
        }
        try {
            events.report(type, techInfo);
        } catch (RuntimeException e) {
            logger.error("Reporting security event {} failed", type, e);
        }
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
        if (connection.isConnected()) {
            submit(() -> {
                if (connection.isConnected() && listeners.contains(listener)) {
                    notify(listener, true, status());
                }
            });
        }
    }

    void removeListener(OcppConnectionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Frame listeners are called on the thread that writes or reads the frame (mostly the transport thread), so
     * they must only hand the frame over; see {@link FrameTap}.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeFrameListener")
    void addFrameListener(OcppFrameListener listener) {
        frames.add(listener);
    }

    void removeFrameListener(OcppFrameListener listener) {
        frames.remove(listener);
    }

    /** Tells every listener the link went up or down (on the transport thread). */
    private void notifyListeners(boolean up) {
        LinkStatus st = status();
        listeners.forEach(l -> notify(l, up, st));
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

    // ------------------------------------------------------------------ helpers

    /** Hands {@code task} to the transport thread; false before activation and after deactivation. */
    private boolean submit(Runnable task) {
        TransportExecutor ex = executor;
        return ex != null && ex.submit(task);
    }
}
