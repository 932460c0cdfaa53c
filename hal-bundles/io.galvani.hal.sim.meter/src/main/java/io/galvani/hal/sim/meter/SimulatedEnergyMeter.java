package io.galvani.hal.sim.meter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
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
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;
import io.galvani.hal.api.PowerCabinet;
import io.galvani.hal.api.PowerCabinetListener;

/**
 * A simulated DC energy meter for one EVSE: integrates the output power the cabinet reports for
 * its EVSE into Energy.Active.Import.Register and persists the register, so it never goes back,
 * also not across restarts.
 *
 * <p>It is a measuring meter, not a certified billing meter, so it contributes itself to the OCPP
 * device model as {@code ControlMetering} of its EVSE (a certified meter would be FiscalMetering).
 */
@Component(name = SimulatedEnergyMeter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { EnergyMeter.class, PowerCabinetListener.class, DeviceModelContribution.class })
@Designate(ocd = SimulatedEnergyMeter.Config.class, factory = true)
public final class SimulatedEnergyMeter implements EnergyMeter, PowerCabinetListener, DeviceModelContribution {

    public static final String PID = "io.galvani.hal.sim.meter";
    /** Framework property naming the directory for persistent data. */
    public static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    public static final String DEFAULT_DATA_DIR = "./galvani-data";
    static final int FORMAT_VERSION = 1;

    @ObjectClassDefinition(name = "Galvani simulated energy meter",
            description = "One configuration per EVSE. hal.evse.id becomes a service property.")
    public @interface Config {
        @AttributeDefinition(name = "EVSE id", description = "EVSE whose cabinet output is metered; service property hal.evse.id", min = "1")
        int hal_evse_id() default 1;

        @AttributeDefinition(description = "Register file; empty = ${galvani.data.dir}/sim-meter-evse<id>.properties")
        String persistFile() default "";

        @AttributeDefinition(description = "Shortest time between two writes of the register file, s", min = "1")
        int persistIntervalSeconds() default 5;
    }

    private static final Logger logger = LoggerFactory.getLogger(SimulatedEnergyMeter.class);

    private final int evseId;
    private final Path file;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final ScheduledFuture<?> persister;
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private final Object ioLock = new Object();

    // guarded by this; the volatile ones are also read without the lock (device model)
    private volatile double energyWh;
    private double persistedWh;
    private double lastPowerW;
    private Instant lastAt;
    private volatile CabinetState latest;
    private volatile DeviceStatus status = DeviceStatus.ONLINE;
    private volatile boolean active = true;

    @Activate
    public SimulatedEnergyMeter(Config config, BundleContext context) {
        this(config.hal_evse_id(), resolveFile(config, context.getProperty(DATA_DIR_PROPERTY)),
                Duration.ofSeconds(config.persistIntervalSeconds()), Clock.systemUTC(),
                newExecutor("galvani-sim-meter-evse" + config.hal_evse_id()), true);
    }

    /** For tests and embedding. The executor runs the periodic persistence. */
    SimulatedEnergyMeter(int evseId, Path file, Duration persistInterval, Clock clock, ScheduledExecutorService executor,
            boolean ownsExecutor) {
        if (evseId < 1) {
            throw new IllegalArgumentException("hal.evse.id must be >= 1, was " + evseId);
        }
        if (persistInterval.isNegative() || persistInterval.isZero()) {
            throw new IllegalArgumentException("persistIntervalSeconds must be >= 1, was " + persistInterval.toSeconds());
        }
        this.evseId = evseId;
        this.file = file;
        this.clock = clock;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        load();
        long ms = persistInterval.toMillis();
        this.persister = executor.scheduleWithFixedDelay(this::persistIfChanged, ms, ms, TimeUnit.MILLISECONDS);
        logger.info("Simulated energy meter of EVSE {}: register {} Wh, persisted in {}", evseId, energyWh, file);
    }

    @Deactivate
    void deactivate() {
        persister.cancel(false);
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        persistIfChanged();
        synchronized (this) {
            active = false;
        }
    }

    static Path resolveFile(Config config, String dataDir) {
        if (config.persistFile() != null && !config.persistFile().isBlank()) {
            return Path.of(config.persistFile());
        }
        String dir = dataDir == null || dataDir.isBlank() ? DEFAULT_DATA_DIR : dataDir;
        return Path.of(dir, "sim-meter-evse" + config.hal_evse_id() + ".properties");
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

    // ---- EnergyMeter

    @Override
    public int evseId() {
        return evseId;
    }

    @Override
    public MeterReading read() {
        Double soc = null;
        for (Connector c : connectors) {
            if (c.evseId() == evseId && c.isPlugged()) {
                soc = c.ev().stateOfChargePct();
                break;
            }
        }
        synchronized (this) {
            return new MeterReading(clock.instant(), energyWh, powerW(), voltageV(), currentA(), soc);
        }
    }

    @Override
    public DeviceStatus status() {
        return active ? status : DeviceStatus.offline("meter stopped");
    }

    private double powerW() {
        CabinetState s = latest;
        return s != null && s.phase() == CabinetPhase.CHARGING ? s.powerW() : 0;
    }

    private double voltageV() {
        CabinetState s = latest;
        return s == null ? 0 : s.voltageV();
    }

    private double currentA() {
        CabinetState s = latest;
        return s != null && s.phase() == CabinetPhase.CHARGING ? s.currentA() : 0;
    }

    // ---- DeviceModelContribution

    /**
     * ControlMetering of the EVSE: Available, Enabled and Problem from the status (a register file that
     * cannot be read or written is a Problem), and Power, DCVoltage, DCCurrent and the cumulative
     * EnergyImportRegister as {@link #read()} returns them, read from volatile fields without the lock.
     * A non-finite value from the cabinet reads as "no value".
     */
    @Override
    public Collection<VariableDefinition> variables() {
        ComponentKey meter = ComponentKey.of("ControlMetering").atEvse(evseId);
        return List.of(
                GenericVariables.available(meter, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.enabled(meter, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.problem(meter, () -> !status().isOnline()),
                GenericVariables.measurement(meter, "Power", "W", null, () -> finite(powerW())),
                GenericVariables.measurement(meter, "DCVoltage", "V", null, () -> finite(voltageV())),
                GenericVariables.measurement(meter, "DCCurrent", "A", null, () -> finite(currentA())),
                GenericVariables.measurement(meter, "EnergyImportRegister", "Wh", null, () -> energyWh));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    // ---- PowerCabinetListener: integration

    @Override
    public void cabinetStateChanged(PowerCabinet cabinet, CabinetState state) {
        if (state.evseId() != evseId) {
            return;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (lastAt != null && lastPowerW > 0) {
                long ms = Math.max(0, Duration.between(lastAt, now).toMillis());
                energyWh += lastPowerW * ms / 3_600_000.0;
            }
            double p = state.powerW();
            lastPowerW = state.phase() == CabinetPhase.CHARGING && p > 0 && Double.isFinite(p) ? p : 0;
            lastAt = now;
            latest = state;
        }
    }

    // ---- persistence

    private void load() {
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            int version = Integer.parseInt(p.getProperty("version", "0"));
            if (version != FORMAT_VERSION) {
                throw new IOException("unknown format version " + version);
            }
            double wh = Double.parseDouble(p.getProperty("energyImportWh"));
            if (!(wh >= 0)) {
                throw new IOException("negative register " + wh);
            }
            energyWh = wh;
            persistedWh = wh;
        } catch (NoSuchFileException e) {
            logger.info("No register file {} yet; EVSE {} meter starts at 0 Wh", file, evseId);
        } catch (IOException | RuntimeException e) {
            Path keep = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
            try {
                Files.move(file, keep);
            } catch (IOException ignored) {
                // keep going: the status says what happened
            }
            status = DeviceStatus.faulted("register file " + file + " unreadable (" + e.getMessage() + "), kept as "
                    + keep.getFileName() + "; register restarted at 0 Wh");
            logger.warn("EVSE {} meter: {}", evseId, status.reason());
        }
    }

    /** Writes the register if it changed, atomically (write a temporary file, then rename). */
    void persistIfChanged() {
        synchronized (ioLock) { // the periodic task and deactivate may overlap
            persistLocked();
        }
    }

    private void persistLocked() {
        double wh;
        synchronized (this) {
            if (energyWh == persistedWh && Files.exists(file)) {
                return;
            }
            wh = energyWh;
        }
        Properties p = new Properties();
        p.setProperty("version", Integer.toString(FORMAT_VERSION));
        p.setProperty("evseId", Integer.toString(evseId));
        p.setProperty("energyImportWh", Double.toString(wh));
        p.setProperty("savedAt", clock.instant().toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Galvani simulated energy meter register; do not edit while running");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            synchronized (this) {
                persistedWh = wh;
                if (status.state() == DeviceStatus.State.FAULTED && status.reason().startsWith("cannot write")) {
                    status = DeviceStatus.ONLINE;
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                if (status.isOnline()) {
                    logger.warn("EVSE {} meter: cannot write register file {}: {}", evseId, file, e.toString());
                }
                status = DeviceStatus.faulted("cannot write register file " + file + ": " + e.getMessage());
            }
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
        return "SimulatedEnergyMeter[EVSE " + evseId + "]";
    }
}
