package io.galvani.display.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
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

import io.galvani.display.api.DisplayScreens;
import io.galvani.display.api.ScreenListener;
import io.galvani.display.api.StationScreen;
import io.galvani.firmware.api.FirmwareStatusListener;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.Display;
import io.galvani.hal.api.DisplayContent;
import io.galvani.hal.api.HalProperties;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.provisioning.api.Registration;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.StationClock;
import io.galvani.transactions.api.SessionCost;
import io.galvani.transactions.api.SessionCostProvider;
import io.galvani.transactions.api.SessionListener;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;
import io.galvani.transactions.api.Sessions;

/**
 * Keeps the station's displays showing the state of its EVSEs. Listens to sessions
 * ({@link SessionListener}), connector status ({@link ConnectorStatusListener}) and the CSMS connection
 * ({@link OcppConnectionListener}); it references none of the services it listens to (no DS reference
 * cycle). What a screen shows is decided by {@link ScreenComposer}.
 *
 * <p>Every change asks for a redraw on the component's single thread; requests made while one is pending
 * are one redraw, so a burst of changes draws once. A display is only written when its content changes.
 * Once a second the screen is redrawn anyway: the charging time runs on, and the registration status
 * (which has no listener) is read then. A display driver that fails is logged once and retried then.
 *
 * <p>Each display shows the EVSE of its {@code hal.evse.id} service property, or every EVSE for 0 (a
 * station-wide display; two EVSEs share it in the compact layout). Without the transaction bundle (no
 * sessions) the screens follow the connectors alone; when it stops, its sessions are forgotten.
 *
 * <p>It also listens to the firmware update ({@link FirmwareStatusListener}: "updating firmware" while it
 * installs), prices sessions with the highest-ranked {@link SessionCostProvider} if a tariff bundle registers one,
 * and publishes each decision as data ({@link DisplayScreens}, and the {@link ScreenListener} whiteboard, told on
 * the display thread after the HAL displays are drawn).
 */
@Component(name = DisplayPresenter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { SessionListener.class, ConnectorStatusListener.class, OcppConnectionListener.class,
                FirmwareStatusListener.class, DisplayScreens.class })
@Designate(ocd = DisplayConfig.class)
public final class DisplayPresenter implements SessionListener, ConnectorStatusListener, OcppConnectionListener,
        FirmwareStatusListener, DisplayScreens {
    static final String PID = "io.galvani.display";
    /** How often the screen is refreshed without a change: the charging time shows seconds. */
    static final long REFRESH_MILLIS = 1_000;
    /** The reference display's size: the API's lines are drawn for it when the station has no display. */
    static final int DEFAULT_ROWS = 4;
    static final int DEFAULT_COLUMNS = 20;

    private static final Logger logger = LoggerFactory.getLogger(DisplayPresenter.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Registration registration;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StationClock clock;

    /** A tariff bundle's prices; the highest ranked one wins. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SessionCostProvider costs;

    private final BundleContext context;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanoTime;

    private final Map<Integer, ReceivedSession> sessions = new ConcurrentHashMap<>();
    private final Map<ConnectorKey, ConnectorView> connectors = new ConcurrentHashMap<>();
    private final Map<Display, Integer> displays = new ConcurrentHashMap<>();
    private final Map<Display, DisplayContent> shown = new ConcurrentHashMap<>();
    private final Set<Display> failing = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean redrawPending = new AtomicBoolean();
    private final ScreenListeners screenListeners = new ScreenListeners();
    /** Cost providers that threw, logged once until they answer again. */
    private final Set<SessionCostProvider> failingCosts = ConcurrentHashMap.newKeySet();

    private volatile Texts texts;
    private volatile boolean linkConnected;
    private volatile FirmwareUpdateStatus firmware = FirmwareUpdateStatus.IDLE;
    private ScheduledFuture<?> refresh;
    private ServiceListener sessionsWatch;

    /** @throws IllegalArgumentException if the configured language is not supported (the message names it) */
    @Activate
    public DisplayPresenter(BundleContext context, DisplayConfig config) {
        this(context, Language.of(config.language()), newExecutor(), System::nanoTime);
    }

    /** For tests: no framework ({@code context} may be null), the executor and monotonic clock from outside. */
    DisplayPresenter(BundleContext context, Language language, ScheduledExecutorService executor,
            LongSupplier nanoTime) {
        this.context = context;
        this.texts = Texts.of(language);
        this.executor = executor;
        this.nanoTime = nanoTime;
    }

    static ScheduledExecutorService newExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-display");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Activate
    void start() {
        if (context != null) {
            watchSessions();
        }
        refresh = executor.scheduleWithFixedDelay(this::requestRedraw, REFRESH_MILLIS, REFRESH_MILLIS,
                TimeUnit.MILLISECONDS);
        requestRedraw();
    }

    /** A new language applies at once; an unknown one is refused and the screen keeps the language it has. */
    @Modified
    void modified(DisplayConfig config) {
        Language language;
        try {
            language = Language.of(config.language());
        } catch (IllegalArgumentException e) {
            logger.error("{}; the display keeps language {}", e.getMessage(), texts.language().code());
            return;
        }
        if (language != texts.language()) {
            texts = Texts.of(language);
            logger.info("Display language is now {}", language.code());
            requestRedraw();
        }
    }

    @Deactivate
    void stop() {
        if (sessionsWatch != null) {
            try {
                context.removeServiceListener(sessionsWatch);
            } catch (IllegalStateException bundleStopping) {
                // the listener goes with the bundle context
            }
        }
        if (refresh != null) {
            refresh.cancel(false);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- what the screen follows

    @Override
    public void sessionChanged(SessionView session) {
        if (session == null || session.evseId() < 1) {
            logger.debug("Session view without a valid EVSE ignored: {}", session);
            return;
        }
        StationClock c = clock;
        sessions.put(session.evseId(), new ReceivedSession(session, nanoTime.getAsLong(), c == null ? null : c.now()));
        requestRedraw();
    }

    /** The transaction bundle stopped: what it said about sessions no longer holds. */
    void sessionsGone() {
        sessions.clear();
        requestRedraw();
    }

    @Override
    public void connectorStatusChanged(ConnectorView connector) {
        if (connector == null) {
            return;
        }
        connectors.put(new ConnectorKey(connector.evseId(), connector.connectorId()), connector);
        requestRedraw();
    }

    @Override
    public void connected(LinkStatus status) {
        linkConnected = true;
        requestRedraw();
    }

    @Override
    public void disconnected(LinkStatus status) {
        linkConnected = false;
        requestRedraw();
    }

    @Override
    public void firmwareStatusChanged(FirmwareUpdateStatus status) {
        if (status != null) {
            firmware = status;
            requestRedraw();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addScreenListener(ScreenListener listener) {
        screenListeners.add(listener);
        try {
            executor.execute(() -> screenListeners.tellCurrent(listener)); // on the display thread, in order
        } catch (RejectedExecutionException stopped) {
            // deactivating: no more screens
        }
        requestRedraw();
    }

    void removeScreenListener(ScreenListener listener) {
        screenListeners.remove(listener);
    }

    /** The last screen published, or the screen as of now if none was yet. */
    @Override
    public StationScreen current() {
        StationScreen screen = screenListeners.current();
        return screen != null ? screen : stationScreen(snapshot());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDisplay(Display display, Map<String, Object> properties) {
        displays.put(display, evseId(properties));
        requestRedraw();
    }

    void removeDisplay(Display display) {
        displays.remove(display);
        shown.remove(display);
        failing.remove(display);
    }

    /**
     * Sessions has no listener of its own to say it is gone, and a DS reference to it would close a cycle
     * with the SessionListener whiteboard: a plain service listener tells when the transaction bundle goes.
     */
    private void watchSessions() {
        String filter = "(" + Constants.OBJECTCLASS + "=" + Sessions.class.getName() + ")";
        ServiceListener watch = event -> {
            if (event.getType() == ServiceEvent.UNREGISTERING && !anotherSessionsThan(event.getServiceReference())) {
                sessionsGone();
            }
        };
        try {
            context.addServiceListener(watch, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + filter, e);
        }
        sessionsWatch = watch;
    }

    private boolean anotherSessionsThan(ServiceReference<?> leaving) {
        try {
            ServiceReference<?>[] all = context.getServiceReferences(Sessions.class.getName(), null);
            return all != null && Arrays.stream(all).anyMatch(r -> !r.equals(leaving));
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return false;
        }
    }

    // ---- drawing

    /** Asks for a redraw on the display thread; while one is pending, further requests add nothing. */
    void requestRedraw() {
        if (redrawPending.compareAndSet(false, true)) {
            try {
                executor.execute(this::redraw);
            } catch (RejectedExecutionException stopped) {
                redrawPending.set(false);
            }
        }
    }

    private void redraw() {
        redrawPending.set(false);
        StationView station = snapshot();
        ScreenComposer composer = new ScreenComposer(texts);
        displays.forEach((display, evseId) -> draw(display, evseId, station, composer));
        try {
            screenListeners.publish(stationScreen(station));
        } catch (RuntimeException e) {
            logger.warn("Screen not published to its listeners: {}", e.toString());
        }
    }

    /** The decision as data, with lines for the station-wide display (else the first, else 4×20). */
    private StationScreen stationScreen(StationView station) {
        Display reference = displays.entrySet().stream().filter(d -> d.getValue() == 0).map(Map.Entry::getKey)
                .findFirst().orElseGet(() -> displays.keySet().stream().findFirst().orElse(null));
        int rows = DEFAULT_ROWS;
        int columns = DEFAULT_COLUMNS;
        if (reference != null) {
            try {
                rows = reference.rows();
                columns = reference.columns();
            } catch (RuntimeException e) {
                // a failing driver: the reference size will do
            }
        }
        return StationScreens.of(station, texts, rows, columns);
    }

    private void draw(Display display, int evseId, StationView station, ScreenComposer composer) {
        try {
            if (display.status().state() == DeviceStatus.State.OFFLINE) {
                shown.remove(display); // unreachable: draw again once it is back
                return;
            }
            DisplayContent content = composer.compose(station, evseId, display.rows(), display.columns());
            if (content.equals(shown.get(display))) {
                return;
            }
            display.show(content);
            if (displays.containsKey(display)) {
                shown.put(display, content);
            }
            logger.debug("Display of EVSE {} shows {}", evseId, content.lines());
            if (failing.remove(display)) {
                logger.info("Display of EVSE {} works again", evseId);
            }
        } catch (RuntimeException e) {
            shown.remove(display);
            if (failing.add(display)) {
                logger.warn("Display of EVSE {} failed to show the screen (retried every second): {}", evseId,
                        e.toString());
            }
        }
    }

    /** The state to draw from, as of now. */
    StationView snapshot() {
        long now = nanoTime.getAsLong();
        StationClock c = clock;
        Instant stationNow = c == null ? null : c.now();
        Map<Integer, List<ConnectorView>> byEvse = new TreeMap<>();
        connectors.values().stream()
                .sorted(Comparator.comparingInt(ConnectorView::connectorId))
                .forEach(v -> byEvse.computeIfAbsent(v.evseId(), id -> new ArrayList<>()).add(v));
        Set<Integer> ids = new TreeSet<>(byEvse.keySet());
        ids.addAll(sessions.keySet());
        List<EvseState> evses = new ArrayList<>();
        for (int id : ids) {
            ReceivedSession s = sessions.get(id);
            evses.add(new EvseState(id, s == null ? null : s.view(), byEvse.getOrDefault(id, List.of()),
                    s == null ? null : s.elapsed(now, stationNow), s == null ? null : cost(s.view()), firmware));
        }
        return new StationView(evses, online());
    }

    /** Phases whose screens show a cost: while energy flows (or could) and on the summary. */
    private static final Set<SessionPhase> PRICED = java.util.EnumSet.of(SessionPhase.CHARGING,
            SessionPhase.SUSPENDED_EV, SessionPhase.SUSPENDED_EVSE, SessionPhase.FINISHED);

    /** What the tariff bundle says the session costs; null without one, or if it cannot tell or fails. */
    private SessionCost cost(SessionView view) {
        SessionCostProvider provider = costs;
        if (provider == null || view.phase() == null || !PRICED.contains(view.phase())) {
            return null;
        }
        try {
            SessionCost cost = provider.cost(view).orElse(null);
            failingCosts.remove(provider);
            return cost;
        } catch (RuntimeException e) {
            if (failingCosts.add(provider)) {
                logger.warn("Session cost provider {} failed, no cost shown: {}", provider.getClass().getName(),
                        e.toString());
            }
            return null;
        }
    }

    /** Connected to the CSMS and accepted by it (B01); an absent provisioning bundle counts as not registered. */
    private boolean online() {
        Registration r = registration;
        return linkConnected && r != null && r.status() == RegistrationStatus.Accepted;
    }

    private static int evseId(Map<String, Object> properties) {
        Object v = properties.get(HalProperties.EVSE_ID);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                logger.warn("Display service property {}={} is not an integer; the display shows every EVSE",
                        HalProperties.EVSE_ID, s);
            }
        }
        return 0;
    }

    private record ConnectorKey(int evseId, int connectorId) {
    }
}
