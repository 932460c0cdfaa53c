package io.galvani.hal.sim.cabinet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
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

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.GenericVariables;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetRating;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.PowerCabinet;
import io.galvani.hal.api.PowerCabinetListener;
import io.galvani.hal.sim.api.CabinetSimulator;

/**
 * A simulated DC power cabinet feeding one or more EVSEs. A session goes IDLE → CABLE_CHECK →
 * PRE_CHARGE → CHARGING on timers; while charging the output power ramps towards
 * min(limit, share of the rating, EV current × EV voltage, cabinet current × voltage), and is 0 W
 * while the EV does not want energy. The EV is read through the {@link Connector} services of the
 * EVSEs the cabinet feeds.
 *
 * <p>This class is the DS component and the HAL service facade; each EVSE's phases and ramp are a
 * {@link PowerPath}, the split of the rating between them is {@link PowerSharing}, and the validated
 * configuration is {@link CabinetSettings}.
 *
 * <p>State changes happen under this object's lock; listener calls are queued, under the same lock,
 * onto the cabinet's single thread, which also runs the measurement tick.
 *
 * <p>Contributes one {@code AcDcConverter} per EVSE it feeds to the OCPP device model. The device
 * model reads the values on OCPP threads, from a snapshot per EVSE that is published with every
 * listener report, so it never waits for the cabinet's lock.
 */
@Component(name = SimulatedPowerCabinet.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { PowerCabinet.class, CabinetSimulator.class, DeviceModelContribution.class })
@Designate(ocd = SimulatedPowerCabinet.Config.class, factory = true)
public final class SimulatedPowerCabinet implements PowerCabinet, CabinetSimulator, DeviceModelContribution {

    public static final String PID = "io.galvani.hal.sim.cabinet";

    @ObjectClassDefinition(name = "Galvani simulated DC power cabinet",
            description = "One configuration per cabinet. hal.evse.id (the EVSEs fed) becomes a service property.")
    public @interface Config {
        @AttributeDefinition(description = "Name, used in logs and the thread name")
        String name() default "cabinet";

        @AttributeDefinition(name = "EVSE ids", description = "EVSEs this cabinet feeds; several = shared cabinet splitting its rating; service property hal.evse.id")
        int[] hal_evse_id() default { 1 };

        @AttributeDefinition(description = "Rated output power of the whole cabinet, W", min = "1")
        double maxPowerW() default 480_000;

        @AttributeDefinition(description = "Rated output current per EVSE output, A", min = "1")
        double maxCurrentA() default 600;

        @AttributeDefinition(description = "Lowest output voltage, V", min = "0")
        double minVoltageV() default 150;

        @AttributeDefinition(description = "Highest output voltage, V", min = "1")
        double maxVoltageV() default 1000;

        @AttributeDefinition(description = "Duration of the insulation test, ms (0 = immediate)", min = "0")
        long cableCheckMillis() default 2000;

        @AttributeDefinition(description = "Duration of pre-charge, ms (0 = immediate)", min = "0")
        long preChargeMillis() default 1000;

        @AttributeDefinition(description = "Power ramp-up rate, W/s (ramp-down is immediate)", min = "1")
        double rampWattsPerSecond() default 100_000;

        @AttributeDefinition(description = "Measurement and notification period, ms", min = "10", max = "1000")
        long tickMillis() default 250;
    }

    private static final Logger logger = LoggerFactory.getLogger(SimulatedPowerCabinet.class);

    private final String name;
    private final CabinetSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final ScheduledFuture<?> ticker;
    private final Map<Integer, PowerPath> paths = new LinkedHashMap<>();
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private final List<PowerCabinetListener> listeners = new CopyOnWriteArrayList<>();
    /** The latest state of each EVSE and whether it has a fault; written under the lock, read without. */
    private final Map<Integer, Snapshot> snapshots = new ConcurrentHashMap<>();
    private volatile boolean active = true; // written under the lock

    private record Snapshot(CabinetState state, boolean faulted) {
    }

    @Activate
    public SimulatedPowerCabinet(Config config) {
        this(config, Clock.systemUTC(), newExecutor("galvani-sim-cabinet-" + config.name()), true);
    }

    /** For tests and embedding: the executor is the cabinet's thread and runs its tick. */
    SimulatedPowerCabinet(Config config, Clock clock, ScheduledExecutorService executor, boolean ownsExecutor) {
        this.settings = CabinetSettings.from(config);
        this.name = settings.name();
        this.clock = clock;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        for (int id : settings.evseIds()) {
            PowerPath path = new PowerPath(id, settings, this::pluggedConnector, this::notifyListeners);
            paths.put(id, path);
            snapshots.put(id, new Snapshot(path.state(), false));
        }
        long tick = settings.tickMillis();
        this.ticker = executor.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        CabinetRating rating = settings.rating();
        logger.info("Simulated power cabinet '{}' feeding EVSE {}: {} kW, {} A, {}..{} V", name, settings.evseIds(),
                rating.maxPowerW() / 1000, rating.maxCurrentA(), rating.minVoltageV(), rating.maxVoltageV());
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            active = false;
        }
        ticker.cancel(false);
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    // ---- references

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addConnector(Connector connector) {
        connectors.add(connector);
    }

    void removeConnector(Connector connector) {
        connectors.remove(connector);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(PowerCabinetListener listener) {
        listeners.add(listener);
    }

    void removeListener(PowerCabinetListener listener) {
        listeners.remove(listener);
    }

    // ---- PowerCabinet

    @Override
    public Set<Integer> evseIds() {
        return settings.evseIds();
    }

    @Override
    public CabinetRating rating() {
        return settings.rating();
    }

    @Override
    public synchronized void start(int evseId, double limitW) {
        PowerPath path = path(evseId);
        checkLimit(limitW);
        path.start(limitW, clock.instant());
    }

    @Override
    public synchronized void stop(int evseId) {
        path(evseId).stop(clock.instant());
    }

    @Override
    public synchronized void setLimit(int evseId, double limitW) {
        PowerPath path = path(evseId);
        checkLimit(limitW);
        path.setLimit(limitW);
    }

    @Override
    public synchronized CabinetState state(int evseId) {
        return path(evseId).state();
    }

    @Override
    public synchronized DeviceStatus status() {
        if (!active) {
            return DeviceStatus.offline("cabinet '" + name + "' stopped");
        }
        for (PowerPath path : paths.values()) {
            if (path.injectedFault() != null) {
                return DeviceStatus.faulted("EVSE " + path.evseId() + ": " + path.injectedFault());
            }
        }
        return DeviceStatus.ONLINE;
    }

    // ---- CabinetSimulator

    @Override
    public synchronized void injectFault(int evseId, String reason) {
        PowerPath path = path(evseId);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("fault reason must not be blank");
        }
        path.injectFault(reason, clock.instant());
    }

    @Override
    public synchronized void clearFault(int evseId) {
        PowerPath path = path(evseId);
        path.clearFault(clock.instant());
        publish(path); // also when the EVSE was not FAULTED any more and so reported nothing
    }

    // ---- DeviceModelContribution

    /**
     * An AcDcConverter per EVSE fed: Available and Enabled while the cabinet runs, Problem while a
     * fault is injected on that EVSE, and the output Power, DCVoltage and DCCurrent with the rating as
     * maxLimit. A fault of a session (no EV, EV gone) is not a converter problem.
     */
    @Override
    public Collection<VariableDefinition> variables() {
        CabinetRating rating = settings.rating();
        List<VariableDefinition> variables = new ArrayList<>();
        for (int evseId : settings.evseIds()) {
            ComponentKey converter = ComponentKey.of("AcDcConverter").atEvse(evseId);
            variables.add(GenericVariables.available(converter, () -> active));
            variables.add(GenericVariables.enabled(converter, () -> active));
            variables.add(GenericVariables.problem(converter, () -> !active || snapshots.get(evseId).faulted()));
            variables.add(GenericVariables.measurement(converter, "Power", "W", rating.maxPowerW(),
                    () -> snapshots.get(evseId).state().powerW()));
            variables.add(GenericVariables.measurement(converter, "DCVoltage", "V", rating.maxVoltageV(),
                    () -> snapshots.get(evseId).state().voltageV()));
            variables.add(GenericVariables.measurement(converter, "DCCurrent", "A", rating.maxCurrentA(),
                    () -> snapshots.get(evseId).state().currentA()));
        }
        return variables;
    }

    // ---- simulation

    /** One measurement period: phase timers, power allocation and ramp, then a report per busy EVSE. */
    synchronized void tick() {
        if (!active) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (PowerPath path : paths.values()) {
                path.advance(now);
            }
            PowerSharing.allocate(paths.values(), settings.rating().maxPowerW(), now);
            for (PowerPath path : paths.values()) {
                if (path.phase() != CabinetPhase.IDLE) {
                    notifyListeners(path);
                }
            }
        } catch (RuntimeException e) {
            logger.error("cabinet '{}': tick failed", name, e); // a bug; keep ticking
        }
    }

    /** Called with the lock held, so reports are queued in the order the changes happened. */
    private void notifyListeners(PowerPath path) {
        CabinetState state = publish(path);
        List<PowerCabinetListener> targets = List.copyOf(listeners);
        if (targets.isEmpty() || !active) {
            return;
        }
        try {
            executor.execute(() -> {
                for (PowerCabinetListener l : targets) {
                    try {
                        l.cabinetStateChanged(this, state);
                    } catch (RuntimeException e) {
                        logger.error("PowerCabinetListener {} failed", l, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            logger.debug("cabinet '{}' stopped; state not reported", name);
        }
    }

    /** Called with the lock held: the state the device model reads from now on. */
    private CabinetState publish(PowerPath path) {
        CabinetState state = path.state();
        snapshots.put(path.evseId(), new Snapshot(state, path.injectedFault() != null));
        return state;
    }

    private Connector pluggedConnector(int evseId) {
        for (Connector c : connectors) {
            if (c.evseId() == evseId && c.isPlugged()) {
                return c;
            }
        }
        return null;
    }

    private PowerPath path(int evseId) {
        PowerPath path = paths.get(evseId);
        if (path == null) {
            throw new IllegalArgumentException("cabinet '" + name + "' does not feed EVSE " + evseId + "; it feeds "
                    + settings.evseIds());
        }
        return path;
    }

    private static void checkLimit(double limitW) {
        if (!(limitW >= 0)) {
            throw new IllegalArgumentException("power limit must be >= 0 W, was " + limitW);
        }
    }

    static ScheduledExecutorService newExecutor(String threadName) {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return ex;
    }

    @Override
    public String toString() {
        return "SimulatedPowerCabinet[" + name + ", EVSE " + settings.evseIds() + "]";
    }
}
