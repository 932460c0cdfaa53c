package io.galvani.hal.sim.tamper;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

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

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.TamperListener;
import io.galvani.hal.api.TamperSensor;
import io.galvani.hal.sim.api.TamperSimulator;

/**
 * A simulated enclosure door switch. {@link #setTampered} changes its state; every {@link TamperListener} hears of a
 * change on the sensor's own thread, in order, and a listener that arrives while the door is open is told at once.
 */
@Component(name = SimulatedTamperSensor.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { TamperSensor.class, TamperSimulator.class })
@Designate(ocd = SimulatedTamperSensor.Config.class)
public final class SimulatedTamperSensor implements TamperSensor, TamperSimulator {
    public static final String PID = "io.galvani.hal.sim.tamper";

    @ObjectClassDefinition(name = "Galvani simulated tamper sensor",
            description = "The enclosure door switch; hal.evse.id becomes a service property (0 = the station).")
    public @interface Config {
        @AttributeDefinition(name = "EVSE id", description = "0 for the station's enclosure", min = "0")
        int hal_evse_id() default 0;
    }

    private static final Logger logger = LoggerFactory.getLogger(SimulatedTamperSensor.class);

    private final int evseId;
    private final Executor executor;
    private final List<TamperListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean tampered;
    private volatile DeviceStatus status = DeviceStatus.ONLINE;

    @Activate
    public SimulatedTamperSensor(Config config) {
        this(config, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "galvani-sim-tamper");
            t.setDaemon(true);
            return t;
        }));
    }

    /** For tests: the executor is the sensor's thread. */
    SimulatedTamperSensor(Config config, Executor executor) {
        if (config.hal_evse_id() < 0) {
            throw new IllegalArgumentException("hal.evse.id must be >= 0, was " + config.hal_evse_id());
        }
        this.evseId = config.hal_evse_id();
        this.executor = executor;
    }

    @Deactivate
    void deactivate() {
        status = DeviceStatus.offline("sensor stopped");
        if (executor instanceof ExecutorService es) {
            es.shutdownNow();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(TamperListener listener) {
        listeners.add(listener);
        if (tampered) {
            tell(List.of(listener), true);
        }
    }

    void removeListener(TamperListener listener) {
        listeners.remove(listener);
    }

    @Override
    public boolean tampered() {
        return tampered;
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public synchronized void setTampered(boolean value) {
        if (value == tampered) {
            return;
        }
        tampered = value;
        logger.info("Enclosure {} (tamper sensor of EVSE {})", value ? "opened" : "closed", evseId);
        tell(List.copyOf(listeners), value);
    }

    private void tell(List<TamperListener> targets, boolean value) {
        try {
            executor.execute(() -> {
                for (TamperListener l : targets) {
                    try {
                        l.tamperChanged(this, value);
                    } catch (RuntimeException e) {
                        logger.error("TamperListener {} failed", l, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("sensor stopped", e);
        }
    }
}
