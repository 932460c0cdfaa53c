package io.galvani.hal.sim.cabinet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetRating;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EvState;
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
 * <p>State changes happen under this object's lock; listener calls are queued, under the same lock,
 * onto the cabinet's single thread, which also runs the measurement tick.
 */
@Component(name = SimulatedPowerCabinet.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { PowerCabinet.class, CabinetSimulator.class })
@Designate(ocd = SimulatedPowerCabinet.Config.class, factory = true)
public final class SimulatedPowerCabinet implements PowerCabinet, CabinetSimulator {

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
    private final CabinetRating rating;
    private final Set<Integer> evseIds;
    private final Duration cableCheck;
    private final Duration preCharge;
    private final double rampWps;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final ScheduledFuture<?> ticker;
    private final Map<Integer, Output> outputs = new LinkedHashMap<>();
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private final List<PowerCabinetListener> listeners = new CopyOnWriteArrayList<>();
    private boolean active = true; // guarded by this

    /** The power path of one EVSE; guarded by the cabinet's lock. */
    private static final class Output {
        final int evseId;
        CabinetPhase phase = CabinetPhase.IDLE;
        Instant since;
        Instant lastTick;
        double limitW;
        double voltageV;
        double powerW;
        String fault;
        String injectedFault;

        Output(int evseId, double limitW) {
            this.evseId = evseId;
            this.limitW = limitW;
        }
    }

    @Activate
    public SimulatedPowerCabinet(Config config) {
        this(config, Clock.systemUTC(), newExecutor("galvani-sim-cabinet-" + config.name()), true);
    }

    /** For tests and embedding: the executor is the cabinet's thread and runs its tick. */
    SimulatedPowerCabinet(Config config, Clock clock, ScheduledExecutorService executor, boolean ownsExecutor) {
        this.name = config.name();
        int[] ids = config.hal_evse_id();
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("cabinet '" + name + "': hal.evse.id must list at least one EVSE");
        }
        Set<Integer> set = new LinkedHashSet<>();
        for (int id : ids) {
            if (id < 1 || !set.add(id)) {
                throw new IllegalArgumentException("cabinet '" + name + "': hal.evse.id " + Arrays.toString(ids)
                        + " must hold distinct EVSE ids >= 1");
            }
        }
        this.evseIds = Collections.unmodifiableSet(set);
        if (!(config.maxPowerW() > 0 && config.maxCurrentA() > 0 && config.minVoltageV() >= 0
                && config.maxVoltageV() > config.minVoltageV())) {
            throw new IllegalArgumentException("cabinet '" + name + "': need maxPowerW > 0, maxCurrentA > 0 and "
                    + "0 <= minVoltageV < maxVoltageV");
        }
        if (config.cableCheckMillis() < 0 || config.preChargeMillis() < 0 || !(config.rampWattsPerSecond() > 0)
                || config.tickMillis() < 1) {
            throw new IllegalArgumentException("cabinet '" + name + "': timings must be >= 0 ms, tickMillis >= 1 and "
                    + "rampWattsPerSecond > 0");
        }
        this.rating = new CabinetRating(config.maxPowerW(), config.maxCurrentA(), config.minVoltageV(), config.maxVoltageV());
        this.cableCheck = Duration.ofMillis(config.cableCheckMillis());
        this.preCharge = Duration.ofMillis(config.preChargeMillis());
        this.rampWps = config.rampWattsPerSecond();
        this.clock = clock;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        for (int id : evseIds) {
            outputs.put(id, new Output(id, rating.maxPowerW()));
        }
        this.ticker = executor.scheduleAtFixedRate(this::tick, config.tickMillis(), config.tickMillis(), TimeUnit.MILLISECONDS);
        logger.info("Simulated power cabinet '{}' feeding EVSE {}: {} kW, {} A, {}..{} V", name, evseIds,
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
        return evseIds;
    }

    @Override
    public CabinetRating rating() {
        return rating;
    }

    @Override
    public synchronized void start(int evseId, double limitW) {
        Output out = output(evseId);
        checkLimit(limitW);
        out.limitW = limitW;
        if (out.phase != CabinetPhase.IDLE && out.phase != CabinetPhase.FAULTED) {
            logger.debug("EVSE {}: start while {}; limit set to {} W", evseId, out.phase, limitW);
            return;
        }
        Instant now = clock.instant();
        if (out.injectedFault != null) {
            fault(out, out.injectedFault, now);
        } else if (pluggedConnector(evseId) == null) {
            fault(out, "no vehicle connected", now);
        } else {
            enter(out, CabinetPhase.CABLE_CHECK, now);
            advance(out, now);
        }
    }

    @Override
    public synchronized void stop(int evseId) {
        Output out = output(evseId);
        Instant now = clock.instant();
        if (out.phase == CabinetPhase.CHARGING || out.phase == CabinetPhase.PRE_CHARGE) {
            out.powerW = 0;
            enter(out, CabinetPhase.STOPPING, now);
        }
        if (out.phase != CabinetPhase.IDLE) {
            enter(out, CabinetPhase.IDLE, now);
        }
    }

    @Override
    public synchronized void setLimit(int evseId, double limitW) {
        Output out = output(evseId);
        checkLimit(limitW);
        out.limitW = limitW;
        if (out.powerW > limitW) { // ramp-down is immediate
            out.powerW = limitW;
            notifyListeners(out);
        }
    }

    @Override
    public synchronized CabinetState state(int evseId) {
        return snapshot(output(evseId));
    }

    @Override
    public synchronized DeviceStatus status() {
        if (!active) {
            return DeviceStatus.offline("cabinet '" + name + "' stopped");
        }
        for (Output out : outputs.values()) {
            if (out.injectedFault != null) {
                return DeviceStatus.faulted("EVSE " + out.evseId + ": " + out.injectedFault);
            }
        }
        return DeviceStatus.ONLINE;
    }

    // ---- CabinetSimulator

    @Override
    public synchronized void injectFault(int evseId, String reason) {
        Output out = output(evseId);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("fault reason must not be blank");
        }
        logger.warn("EVSE {}: fault injected: {}", evseId, reason);
        out.injectedFault = reason;
        fault(out, reason, clock.instant());
    }

    @Override
    public synchronized void clearFault(int evseId) {
        Output out = output(evseId);
        out.injectedFault = null;
        if (out.phase == CabinetPhase.FAULTED) {
            logger.info("EVSE {}: fault cleared", evseId);
            enter(out, CabinetPhase.IDLE, clock.instant());
        }
    }

    // ---- simulation

    /** One measurement period: phase timers, power allocation and ramp, then a report per busy EVSE. */
    synchronized void tick() {
        if (!active) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (Output out : outputs.values()) {
                advance(out, now);
            }
            allocate(now);
            for (Output out : outputs.values()) {
                if (out.phase != CabinetPhase.IDLE) {
                    notifyListeners(out);
                }
            }
        } catch (RuntimeException e) {
            logger.error("cabinet '{}': tick failed", name, e); // a bug; keep ticking
        }
    }

    /** Moves {@code out} through the timed phases that are due, and faults it when the EV went away. */
    private void advance(Output out, Instant now) {
        while (true) {
            switch (out.phase) {
                case CABLE_CHECK, PRE_CHARGE, CHARGING -> {
                    Connector c = pluggedConnector(out.evseId);
                    if (c == null) {
                        fault(out, "vehicle disconnected during " + out.phase, now);
                        return;
                    }
                    if (out.phase == CabinetPhase.CHARGING) {
                        return;
                    }
                    double evV = c.ev().targetVoltageV();
                    out.voltageV = clampVoltage(evV);
                    Duration needed = out.phase == CabinetPhase.CABLE_CHECK ? cableCheck : preCharge;
                    if (Duration.between(out.since, now).compareTo(needed) < 0) {
                        return;
                    }
                    if (out.phase == CabinetPhase.CABLE_CHECK) {
                        if (evV < rating.minVoltageV() || evV > rating.maxVoltageV()) {
                            fault(out, String.format("EV voltage %.0f V outside output range %.0f..%.0f V", evV,
                                    rating.minVoltageV(), rating.maxVoltageV()), now);
                            return;
                        }
                        enter(out, CabinetPhase.PRE_CHARGE, now);
                    } else {
                        out.lastTick = now;
                        out.powerW = 0;
                        enter(out, CabinetPhase.CHARGING, now);
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /**
     * Splits the rating between the charging EVSEs: each gets at most its demand
     * (min(limit, EV current × V, cabinet current × V); 0 if the EV suspends) and the cabinet's power
     * is shared equally, what one EVSE does not need going to the others; then each ramps up towards
     * its allocation at rampWattsPerSecond (ramp-down is immediate).
     */
    private void allocate(Instant now) {
        Map<Output, Double> demand = new LinkedHashMap<>();
        for (Output out : outputs.values()) {
            if (out.phase != CabinetPhase.CHARGING) {
                continue;
            }
            Connector c = pluggedConnector(out.evseId);
            EvState ev = c == null ? EvState.DISCONNECTED : c.ev();
            double v = clampVoltage(ev.targetVoltageV());
            out.voltageV = v;
            double d = ev.wantsEnergy() ? Math.min(out.limitW, Math.min(ev.maxCurrentA(), rating.maxCurrentA()) * v) : 0;
            demand.put(out, Math.max(0, d));
        }
        Map<Output, Double> alloc = share(demand, rating.maxPowerW());
        for (Map.Entry<Output, Double> e : alloc.entrySet()) {
            Output out = e.getKey();
            double target = e.getValue();
            double seconds = out.lastTick == null ? 0 : Math.max(0, Duration.between(out.lastTick, now).toMillis() / 1000.0);
            out.powerW = target <= out.powerW ? target : Math.min(target, out.powerW + rampWps * seconds);
            out.lastTick = now;
        }
    }

    /** Equal shares with redistribution ("water filling"). */
    static <K> Map<K, Double> share(Map<K, Double> demand, double capacity) {
        List<Map.Entry<K, Double>> sorted = new ArrayList<>(demand.entrySet());
        sorted.sort(Comparator.comparingDouble(Map.Entry::getValue));
        Map<K, Double> result = new LinkedHashMap<>();
        double left = capacity;
        int n = sorted.size();
        for (Map.Entry<K, Double> e : sorted) {
            double give = Math.min(e.getValue(), left / n);
            result.put(e.getKey(), give);
            left -= give;
            n--;
        }
        return result;
    }

    private void enter(Output out, CabinetPhase phase, Instant now) {
        logger.info("EVSE {}: {} -> {}", out.evseId, out.phase, phase);
        out.phase = phase;
        out.since = now;
        if (phase != CabinetPhase.FAULTED) {
            out.fault = null;
        }
        if (phase != CabinetPhase.CHARGING) {
            out.powerW = 0;
        }
        if (phase == CabinetPhase.IDLE || phase == CabinetPhase.FAULTED) {
            out.voltageV = 0;
        }
        notifyListeners(out);
    }

    private void fault(Output out, String reason, Instant now) {
        out.fault = reason;
        if (out.phase != CabinetPhase.FAULTED) {
            logger.info("EVSE {}: {} -> FAULTED ({})", out.evseId, out.phase, reason);
        }
        out.phase = CabinetPhase.FAULTED;
        out.since = now;
        out.powerW = 0;
        out.voltageV = 0;
        notifyListeners(out);
    }

    /** Called with the lock held, so reports are queued in the order the changes happened. */
    private void notifyListeners(Output out) {
        CabinetState state = snapshot(out);
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

    private CabinetState snapshot(Output out) {
        double current = out.voltageV > 0 ? out.powerW / out.voltageV : 0;
        return new CabinetState(out.evseId, out.phase, out.voltageV, current, out.powerW, out.limitW, out.fault);
    }

    private Connector pluggedConnector(int evseId) {
        for (Connector c : connectors) {
            if (c.evseId() == evseId && c.isPlugged()) {
                return c;
            }
        }
        return null;
    }

    private double clampVoltage(double v) {
        return Math.max(rating.minVoltageV(), Math.min(rating.maxVoltageV(), v));
    }

    private Output output(int evseId) {
        Output out = outputs.get(evseId);
        if (out == null) {
            throw new IllegalArgumentException("cabinet '" + name + "' does not feed EVSE " + evseId + "; it feeds " + evseIds);
        }
        return out;
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
        return "SimulatedPowerCabinet[" + name + ", EVSE " + evseIds + "]";
    }
}
