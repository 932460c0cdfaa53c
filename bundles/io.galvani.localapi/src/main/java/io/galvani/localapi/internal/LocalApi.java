package io.galvani.localapi.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.hal.api.Display;
import io.galvani.hal.api.HalProperties;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TamperSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.localapi.api.WebContent;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.provisioning.api.Registration;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.Station;
import io.galvani.transactions.api.Sessions;

/**
 * The station's local HTTP API: a Jetty 12.1 core server bound to 127.0.0.1 by default, started on
 * activation and stopped (threads, socket and all) on deactivation. The endpoints are in
 * {@link ApiHandler}; this class owns the server and tracks the services the endpoints use.
 * Bound to any other address, every request of every context needs the password ({@link AccessGuard}).
 *
 * <p>There is no {@code @Modified}: a new host or port needs a new socket, so Config Admin changes go
 * through DS's deactivate/activate.
 */
@Component(name = LocalApi.PID, service = {}, immediate = true)
@Designate(ocd = LocalApi.Config.class)
public final class LocalApi implements ApiHandler.Services {
    static final String PID = "io.galvani.localapi";
    /** The default address: this station only, no password needed. */
    static final String HOST = "127.0.0.1";
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    static final String DEFAULT_DATA_DIR = "./galvani-data";
    /** The framework property holding the station identity (set by the launcher from STATION_ID). */
    static final String STATION_ID_PROPERTY = "galvani.station.id";
    static final int MAX_THREADS = 8;

    @ObjectClassDefinition(name = "Galvani local API",
            description = "The station's HTTP server: API for demos and test automation (status, simulated EV, RFID,"
                    + " display), web pages of other bundles; password-protected when not bound to loopback")
    public @interface Config {
        @AttributeDefinition(name = "Host",
                description = "IP address to listen on (environment STATION_API_HOST): 127.0.0.1 = this station only;"
                        + " any other address (0.0.0.0 = every interface) requires the password (STATION_API_PASSWORD)")
        String host() default HOST;

        @AttributeDefinition(name = "Port",
                description = "TCP port (environment STATION_API_PORT); 0 picks a free port", min = "0",
                max = "65535")
        int port() default 8080;

        @AttributeDefinition(name = "Session idle minutes",
                description = "A browser session ends after this many minutes without a request (off loopback only)",
                min = "1", max = "1440")
        int sessionIdleMinutes() default 15;
    }

    private static final Logger logger = LoggerFactory.getLogger(LocalApi.class);

    private final int configuredPort;
    private final String host;
    private final int sessionIdleMinutes;
    private final Path dataDir;
    private final LongSupplier nanoTime;
    private final AtomicReference<SecurityEvents> securityEvents = new AtomicReference<>();
    private final Station station;
    private final String stationId;
    private final BundleContext context;

    private final AtomicReference<OcppLink> link = new AtomicReference<>();
    private final AtomicReference<Registration> registration = new AtomicReference<>();
    private final AtomicReference<DeviceModel> deviceModel = new AtomicReference<>();
    private final AtomicReference<Sessions> sessions = new AtomicReference<>();
    private final AtomicReference<Outbox> outbox = new AtomicReference<>();
    private final AtomicReference<FirmwareInstaller> firmwareInstaller = new AtomicReference<>();
    private final Map<EvSimulator, Integer[]> evSimulators = new ConcurrentHashMap<>();
    private final Map<TokenSimulator, Integer> tokenSimulators = new ConcurrentHashMap<>();
    private final Map<TamperSimulator, Integer> tamperSimulators = new ConcurrentHashMap<>();
    private final Map<Display, Integer> displays = new ConcurrentHashMap<>();

    private final WebContexts contexts = new WebContexts(new ApiHandler(this));
    private volatile Server server;
    private volatile ServerConnector connector;

    @Activate
    public LocalApi(BundleContext context, Config config, @Reference Station station) {
        this(config, station, context.getProperty(STATION_ID_PROPERTY), context, dataDir(context), System::nanoTime);
    }

    /** For tests: the station id is given instead of read from the framework; no bundle listing. */
    LocalApi(Config config, Station station, String stationId) {
        this(config, station, stationId, null);
    }

    /** For tests: the station id is given, the bundles are those of {@code context} (null: none). */
    LocalApi(Config config, Station station, String stationId, BundleContext context) {
        this(config, station, stationId, context, Path.of(DEFAULT_DATA_DIR), System::nanoTime);
    }

    /** For tests: the password hash is read from {@code dataDir}; sessions expire on {@code nanoTime}. */
    LocalApi(Config config, Station station, String stationId, BundleContext context, Path dataDir,
            LongSupplier nanoTime) {
        this.configuredPort = config.port();
        this.host = config.host() == null || config.host().isBlank() ? HOST : config.host().trim();
        this.sessionIdleMinutes = Math.max(1, Math.min(1440, config.sessionIdleMinutes()));
        this.dataDir = dataDir;
        this.nanoTime = nanoTime;
        this.station = station;
        this.stationId = stationId;
        this.context = context;
    }

    private static Path dataDir(BundleContext context) {
        String dir = context.getProperty(DATA_DIR_PROPERTY);
        return Path.of(dir == null || dir.isBlank() ? DEFAULT_DATA_DIR : dir);
    }

    /**
     * Binds host:port and starts serving.
     *
     * @throws IllegalStateException if the host or port is invalid or in use, or the host is not loopback and no
     *                               password is stored; nothing is left running then
     */
    @Activate
    void start() {
        if (configuredPort < 0 || configuredPort > 65535) {
            String message = "Local API port " + configuredPort
                    + " is invalid: set STATION_API_PORT (configuration io.galvani.localapi, port) to 1..65535";
            logger.error(message);
            throw new IllegalStateException(message);
        }
        PasswordHash password = passwordIfNeeded();
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2, 60_000);
        threads.setName("galvani-api");
        threads.setReservedThreads(0);
        Server s = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector c = new ServerConnector(s, null, new ScheduledExecutorScheduler("galvani-api-scheduler", false),
                null, 1, 1, new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(configuredPort);
        c.setIdleTimeout(30_000);
        s.addConnector(c);
        s.setHandler(password == null ? contexts.root() : new AccessGuard(contexts.root(), password,
                TimeUnit.MINUTES.toNanos(sessionIdleMinutes), nanoTime, this::reportSecurityEvent, stationId));
        s.setErrorHandler(new JsonErrorHandler());
        // No graceful stop: deactivate must return quickly, and a local client simply retries.
        s.setStopTimeout(0);
        try {
            s.start();
        } catch (Exception e) {
            stopQuietly(s);
            String message = isBindFailure(e)
                    ? "Local API cannot listen on " + host + ":" + configuredPort + " (port in use?): set STATION_API_PORT"
                            + " (configuration io.galvani.localapi, port) to a free port"
                    : "Local API failed to start on " + host + ":" + configuredPort + ": " + e;
            logger.error(message);
            throw new IllegalStateException(message);
        }
        server = s;
        connector = c;
        logger.info("Local API listening on http://{}:{}/api/v1{}", host, c.getLocalPort(),
                password == null ? " (loopback: no password)" : " (password required: form login at /login or HTTP Basic)");
    }

    /**
     * Null on loopback (no password, as always); else the stored password hash, which must exist: bound to the
     * network without one the station refuses to start the server rather than serve it open.
     */
    private PasswordHash passwordIfNeeded() {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            String message = "Local API host " + host + " is not an address of this station: set STATION_API_HOST"
                    + " (configuration io.galvani.localapi, host) to an IP address such as 127.0.0.1 or 0.0.0.0";
            logger.error(message);
            throw new IllegalStateException(message);
        }
        if (address.isLoopbackAddress()) {
            return null;
        }
        Path file = dataDir.resolve(PasswordHash.FILE);
        String problem;
        try {
            PasswordHash hash = PasswordHash.read(file);
            if (hash != null) {
                return hash;
            }
            problem = "no password is stored (" + file + " is missing)";
        } catch (IOException e) {
            problem = e.getMessage();
        }
        String message = "Local API not started: bound to " + host + " (not loopback) it needs a password, but "
                + problem + ": set STATION_API_PASSWORD (12 to 64 printable ASCII characters) or STATION_API_HOST=127.0.0.1";
        logger.error(message);
        throw new IllegalStateException(message);
    }

    private void reportSecurityEvent(String type, String techInfo) {
        SecurityEvents events = securityEvents.get();
        if (events != null) {
            events.report(type, techInfo);
        } else {
            logger.warn("Security event {} ({}) not recorded: no SecurityEvents service (io.galvani.security.events)",
                    type, techInfo);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSecurityEvents(SecurityEvents events) {
        securityEvents.set(events);
    }

    void unbindSecurityEvents(SecurityEvents events) {
        securityEvents.compareAndSet(events, null);
    }

    @Override
    public Optional<SecurityEvents> securityEvents() {
        return Optional.ofNullable(securityEvents.get());
    }

    /** Stops the server: closes the socket and ends every thread it started. */
    @Deactivate
    void stop() {
        Server s = server;
        server = null;
        connector = null;
        if (s != null) {
            stopQuietly(s);
            logger.info("Local API stopped");
        }
    }

    /** The address actually bound (the port is the real one when 0 was configured). */
    InetSocketAddress address() {
        ServerConnector c = connector;
        if (c == null) {
            throw new IllegalStateException("not started");
        }
        return new InetSocketAddress(c.getHost(), c.getLocalPort());
    }

    int port() {
        return address().getPort();
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().startsWith("Failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            logger.warn("Local API did not stop cleanly: {}", e.toString());
        }
        // Server.stop() stops the pool too; join so that no galvani-api thread outlives deactivate.
        try {
            s.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- references ----

    /** Web content of other bundles ({@link io.galvani.localapi.api.WebContent}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + WebContent.PATH + "=*)")
    void bindWebContent(Handler handler, Map<String, Object> properties) {
        contexts.add(handler, properties.get(WebContent.PATH));
    }

    void unbindWebContent(Handler handler) {
        contexts.remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOcppLink(OcppLink l) {
        link.set(l);
    }

    void unbindOcppLink(OcppLink l) {
        link.compareAndSet(l, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeviceModel(DeviceModel m) {
        deviceModel.set(m);
    }

    void unbindDeviceModel(DeviceModel m) {
        deviceModel.compareAndSet(m, null);
    }

    @Override
    public Optional<DeviceModel> deviceModel() {
        return Optional.ofNullable(deviceModel.get());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSessions(Sessions s) {
        sessions.set(s);
    }

    void unbindSessions(Sessions s) {
        sessions.compareAndSet(s, null);
    }

    @Override
    public Optional<Sessions> sessions() {
        return Optional.ofNullable(sessions.get());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOutbox(Outbox o) {
        outbox.set(o);
    }

    void unbindOutbox(Outbox o) {
        outbox.compareAndSet(o, null);
    }

    @Override
    public Optional<OutboxStatus> outbox() {
        return Optional.ofNullable(outbox.get()).map(Outbox::status);
    }

    /** From the firmware bundle, when it runs: the version of the installed bundle set. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFirmwareInstaller(FirmwareInstaller installer) {
        firmwareInstaller.set(installer);
    }

    void unbindFirmwareInstaller(FirmwareInstaller installer) {
        firmwareInstaller.compareAndSet(installer, null);
    }

    @Override
    public Optional<String> firmwareVersion() {
        FirmwareInstaller installer = firmwareInstaller.get();
        if (installer == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(installer.installed()).map(BundleSet::firmwareVersion);
        } catch (RuntimeException e) {
            // The listing still answers; the firmware bundle's fault is its own.
            logger.warn("FirmwareInstaller.installed() failed: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public Optional<BundleListing> bundles() {
        return context == null ? Optional.empty() : Optional.of(BundleListing.of(context));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistration(Registration r) {
        registration.set(r);
    }

    void unbindRegistration(Registration r) {
        registration.compareAndSet(r, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEvSimulator(EvSimulator sim, Map<String, Object> properties) {
        int evseId = intProperty(properties, HalProperties.EVSE_ID, sim.evseId());
        int connectorId = intProperty(properties, HalProperties.CONNECTOR_ID, sim.connectorId());
        evSimulators.put(sim, new Integer[] { evseId, connectorId });
    }

    void unbindEvSimulator(EvSimulator sim) {
        evSimulators.remove(sim);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTokenSimulator(TokenSimulator sim, Map<String, Object> properties) {
        tokenSimulators.put(sim, intProperty(properties, HalProperties.EVSE_ID, 0));
    }

    void unbindTokenSimulator(TokenSimulator sim) {
        tokenSimulators.remove(sim);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTamperSimulator(TamperSimulator sim, Map<String, Object> properties) {
        tamperSimulators.put(sim, intProperty(properties, HalProperties.EVSE_ID, 0));
    }

    void unbindTamperSimulator(TamperSimulator sim) {
        tamperSimulators.remove(sim);
    }

    @Override
    public Optional<TamperSimulator> tamperSimulator() {
        return preferred(tamperSimulators, 0);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDisplay(Display display, Map<String, Object> properties) {
        displays.put(display, intProperty(properties, HalProperties.EVSE_ID, 0));
    }

    void unbindDisplay(Display display) {
        displays.remove(display);
    }

    private static int intProperty(Map<String, Object> properties, String key, int defaultValue) {
        Object v = properties.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                logger.warn("Service property {}={} is not an integer; using {}", key, s, defaultValue);
            }
        }
        return defaultValue;
    }

    // ---- ApiHandler.Services ----

    @Override
    public String stationId() {
        return stationId;
    }

    @Override
    public Station station() {
        return station;
    }

    @Override
    public Optional<OcppLink> link() {
        return Optional.ofNullable(link.get());
    }

    @Override
    public Optional<Registration> registration() {
        return Optional.ofNullable(registration.get());
    }

    @Override
    public Optional<EvSimulator> evSimulator(int evseId, int connectorId) {
        return evSimulators.entrySet().stream()
                .filter(e -> e.getValue()[0] == evseId && e.getValue()[1] == connectorId)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The reader of that EVSE, else a station-wide reader (EVSE 0), else the reader with the lowest EVSE id. */
    @Override
    public Optional<TokenSimulator> tokenSimulator(int evseId) {
        return preferred(tokenSimulators, evseId);
    }

    /** The station-wide display (EVSE 0), else the one with the lowest EVSE id. */
    @Override
    public Optional<Display> display() {
        return preferred(displays, 0);
    }

    private static <S> Optional<S> preferred(Map<S, Integer> services, int evseId) {
        return services.entrySet().stream()
                .min(Comparator.<Map.Entry<S, Integer>>comparingInt(e -> e.getValue() == evseId ? 0 : e.getValue() == 0 ? 1 : 2)
                        .thenComparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }
}
