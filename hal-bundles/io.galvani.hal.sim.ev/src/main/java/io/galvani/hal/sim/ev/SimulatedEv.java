package io.galvani.hal.sim.ev;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
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
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.ConnectorListener;
import io.galvani.hal.api.ConnectorType;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EvState;
import io.galvani.hal.api.PowerCabinet;
import io.galvani.hal.api.PowerCabinetListener;
import io.galvani.hal.sim.api.EvSimulator;

/**
 * One simulated connector and the EV behind it. The EV integrates the power the cabinet reports for
 * its EVSE into its battery, tapers its accepted current above {@code taperStartPct} and stops asking
 * for energy at {@code targetStateOfChargePct}.
 *
 * <p>State changes happen under this object's lock; listener calls are queued, under the same lock,
 * onto the simulator's single thread, so they arrive in the order the changes happened.
 *
 * <p>A detachable-cable connector contributes its plug lock to the OCPP device model as
 * {@code ConnectorPlugRetentionLock} of the connector; a fixed cable has no lock actuator and
 * contributes nothing.
 */
@Component(name = SimulatedEv.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { Connector.class, EvSimulator.class, PowerCabinetListener.class, DeviceModelContribution.class })
@Designate(ocd = SimulatedEv.Config.class, factory = true)
public final class SimulatedEv implements Connector, EvSimulator, PowerCabinetListener, DeviceModelContribution {

    public static final String PID = "io.galvani.hal.sim.ev";

    @ObjectClassDefinition(name = "Galvani simulated connector + EV",
            description = "One configuration per connector. hal.evse.id and hal.connector.id become service properties.")
    public @interface Config {
        @AttributeDefinition(name = "EVSE id", description = "EVSE (1-based) of this connector; service property hal.evse.id", min = "1")
        int hal_evse_id() default 1;

        @AttributeDefinition(name = "Connector id", description = "Connector (1-based within its EVSE); service property hal.connector.id", min = "1")
        int hal_connector_id() default 1;

        @AttributeDefinition(description = "OCPP ConnectorEnumType name, e.g. cCCS1, cCCS2")
        String connectorType() default "cCCS2";

        @AttributeDefinition(description = "Fixed cable (no lock actuator)")
        boolean fixedCable() default true;

        @AttributeDefinition(description = "Usable battery capacity, Wh", min = "1")
        double batteryCapacityWh() default 77000;

        @AttributeDefinition(description = "State of charge when the bundle starts, %", min = "0", max = "100")
        double initialStateOfChargePct() default 20;

        @AttributeDefinition(description = "The EV stops asking for energy (suspends) at this state of charge, %", min = "0", max = "100")
        double targetStateOfChargePct() default 100;

        @AttributeDefinition(description = "Largest current the EV accepts below the taper, A", min = "0")
        double maxCurrentA() default 500;

        @AttributeDefinition(description = "Nominal battery voltage, V (the actual voltage rises slightly with SoC)", min = "1")
        double batteryVoltageV() default 800;

        @AttributeDefinition(description = "Above this SoC the accepted current falls linearly to 10% at 100% SoC", min = "0", max = "100")
        double taperStartPct() default 80;
    }

    /** Accepted current at 100 % SoC as a fraction of maxCurrentA. */
    static final double TAPER_END_FRACTION = 0.10;

    private static final Logger logger = LoggerFactory.getLogger(SimulatedEv.class);

    private final int evseId;
    private final int connectorId;
    private final ConnectorType type;
    private final boolean fixedCable;
    private final double capacityWh;
    private final double targetPct;
    private final double maxCurrentA;
    private final double nominalVoltageV;
    private final double taperStartPct;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final List<ConnectorListener> listeners = new CopyOnWriteArrayList<>();

    // guarded by this
    private boolean plugged;
    private boolean suspended;
    private volatile boolean locked; // also read without the lock
    private double socPct;
    private double deliveredWh;
    private double lastPowerW;
    private Instant lastPowerAt;
    private EvState lastReported = EvState.DISCONNECTED;
    private volatile EvState current = EvState.DISCONNECTED;

    @Activate
    public SimulatedEv(Config config) {
        this(config, Clock.systemUTC(), newExecutor("galvani-sim-ev-" + config.hal_evse_id() + "-" + config.hal_connector_id()), true);
    }

    /** For tests and embedding: the caller owns the clock; the executor is the simulator's thread. */
    SimulatedEv(Config config, Clock clock, ScheduledExecutorService executor, boolean ownsExecutor) {
        this.evseId = config.hal_evse_id();
        this.connectorId = config.hal_connector_id();
        this.type = parseType(config.connectorType());
        this.fixedCable = config.fixedCable();
        this.capacityWh = positive("batteryCapacityWh", config.batteryCapacityWh());
        this.socPct = percent("initialStateOfChargePct", config.initialStateOfChargePct());
        this.targetPct = percent("targetStateOfChargePct", config.targetStateOfChargePct());
        this.maxCurrentA = nonNegative("maxCurrentA", config.maxCurrentA());
        this.nominalVoltageV = positive("batteryVoltageV", config.batteryVoltageV());
        this.taperStartPct = percent("taperStartPct", config.taperStartPct());
        this.clock = clock;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        logger.info("Simulated EV at EVSE {} connector {} ({}, {} Wh, SoC {} %)", evseId, connectorId, type, capacityWh, socPct);
    }

    @Deactivate
    void deactivate() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    // ---- whiteboard

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ConnectorListener listener) {
        listeners.add(listener);
    }

    void removeListener(ConnectorListener listener) {
        listeners.remove(listener);
    }

    // ---- Connector

    @Override
    public int evseId() {
        return evseId;
    }

    @Override
    public int connectorId() {
        return connectorId;
    }

    @Override
    public ConnectorType type() {
        return type;
    }

    @Override
    public boolean fixedCable() {
        return fixedCable;
    }

    @Override
    public synchronized boolean isPlugged() {
        return plugged;
    }

    @Override
    public EvState ev() {
        return current;
    }

    @Override
    public synchronized boolean lock() {
        if (fixedCable) {
            locked = true;
            return true;
        }
        if (!plugged) {
            return false;
        }
        locked = true;
        return true;
    }

    @Override
    public synchronized boolean unlock() {
        locked = false;
        return true;
    }

    @Override
    public boolean isLocked() {
        return locked;
    }

    @Override
    public DeviceStatus status() {
        return DeviceStatus.ONLINE;
    }

    // ---- DeviceModelContribution

    /**
     * ConnectorPlugRetentionLock of the connector, if the connector has one (not a fixed cable):
     * Available, Enabled and Problem from the status, Active while locked. Read from volatile fields.
     */
    @Override
    public Collection<VariableDefinition> variables() {
        if (fixedCable) {
            return List.of();
        }
        ComponentKey lock = ComponentKey.of("ConnectorPlugRetentionLock").atConnector(evseId, connectorId);
        return List.of(
                GenericVariables.available(lock, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.enabled(lock, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.problem(lock, () -> !status().isOnline()),
                GenericVariables.active(lock, this::isLocked));
    }

    // ---- EvSimulator

    @Override
    public synchronized void plug() {
        if (plugged) {
            return;
        }
        plugged = true;
        suspended = false;
        lastPowerW = 0;
        lastPowerAt = null;
        logger.info("EV plugged in at EVSE {} connector {} (SoC {} %)", evseId, connectorId, Math.round(socPct));
        publish(true);
    }

    @Override
    public synchronized void unplug() {
        if (!plugged) {
            return;
        }
        plugged = false;
        locked = false;
        lastPowerW = 0;
        lastPowerAt = null;
        logger.info("EV unplugged at EVSE {} connector {} (SoC {} %)", evseId, connectorId, Math.round(socPct));
        publish(true);
    }

    @Override
    public synchronized void setSuspended(boolean suspended) {
        if (this.suspended != suspended) {
            this.suspended = suspended;
            publish(false);
        }
    }

    @Override
    public synchronized void setStateOfCharge(double pct) {
        socPct = percent("stateOfChargePct", pct);
        publish(false);
    }

    // ---- PowerCabinetListener: the energy the EV receives

    @Override
    public void cabinetStateChanged(PowerCabinet cabinet, CabinetState state) {
        if (state.evseId() != evseId) {
            return;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (plugged && lastPowerAt != null && lastPowerW > 0) {
                double hours = Math.max(0, (now.toEpochMilli() - lastPowerAt.toEpochMilli())) / 3_600_000.0;
                double wh = lastPowerW * hours;
                deliveredWh += wh;
                socPct = Math.min(100.0, socPct + wh / capacityWh * 100.0);
            }
            boolean flowing = plugged && state.phase() == CabinetPhase.CHARGING && state.powerW() > 0;
            lastPowerW = flowing ? state.powerW() : 0;
            lastPowerAt = now;
            publish(false);
        }
    }

    // ---- physics

    /** Current the battery accepts at {@code soc}: flat up to the taper start, then linear to 10 % at 100 % SoC. */
    static double acceptedCurrentA(double maxCurrentA, double taperStartPct, double soc) {
        if (soc <= taperStartPct || taperStartPct >= 100) {
            return maxCurrentA;
        }
        double f = (soc - taperStartPct) / (100.0 - taperStartPct);
        return maxCurrentA * (1.0 - f * (1.0 - TAPER_END_FRACTION));
    }

    /** Battery voltage at {@code soc}: 90 % of nominal when empty rising linearly to 105 % when full. */
    static double batteryVoltageV(double nominalV, double soc) {
        return nominalV * (0.90 + 0.15 * soc / 100.0);
    }

    /** Energy integrated from the cabinet's reports since activation, Wh (for tests and diagnostics). */
    synchronized double deliveredWh() {
        return deliveredWh;
    }

    synchronized double stateOfChargePct() {
        return socPct;
    }

    // ---- notification

    private EvState compute() {
        if (!plugged) {
            return EvState.DISCONNECTED;
        }
        boolean wants = !suspended && socPct < targetPct;
        return new EvState(true, wants, socPct, acceptedCurrentA(maxCurrentA, taperStartPct, socPct),
                batteryVoltageV(nominalVoltageV, socPct));
    }

    /** Called with the lock held: updates the snapshot and queues the listener calls that are due. */
    private void publish(boolean pluggedChanged) {
        EvState next = compute();
        current = next;
        boolean notable = pluggedChanged || next.connected() != lastReported.connected()
                || next.wantsEnergy() != lastReported.wantsEnergy() || wholePercent(next) != wholePercent(lastReported)
                || Math.abs(next.maxCurrentA() - lastReported.maxCurrentA()) >= 1.0;
        if (!notable) {
            return;
        }
        lastReported = next;
        boolean nowPlugged = plugged;
        List<ConnectorListener> targets = List.copyOf(listeners);
        try {
            executor.execute(() -> {
                for (ConnectorListener l : targets) {
                    try {
                        if (pluggedChanged) {
                            l.pluggedChanged(this, nowPlugged);
                        }
                        l.evChanged(this, next);
                    } catch (RuntimeException e) {
                        logger.error("ConnectorListener {} failed", l, e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            logger.debug("EV simulator stopped; change not reported");
        }
    }

    private static long wholePercent(EvState s) {
        return s.stateOfChargePct() == null ? -1 : (long) Math.floor(s.stateOfChargePct());
    }

    // ---- helpers

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

    private static ConnectorType parseType(String name) {
        try {
            return ConnectorType.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("connectorType '" + name + "' is not an OCPP ConnectorEnumType; use one of "
                    + java.util.Arrays.toString(ConnectorType.values()));
        }
    }

    private static double percent(String what, double v) {
        if (!(v >= 0 && v <= 100)) {
            throw new IllegalArgumentException(what + " must be within 0..100 %, was " + v);
        }
        return v;
    }

    private static double positive(String what, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(what + " must be > 0, was " + v);
        }
        return v;
    }

    private static double nonNegative(String what, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return "SimulatedEv[evse " + evseId + ", connector " + connectorId + "]";
    }
}
