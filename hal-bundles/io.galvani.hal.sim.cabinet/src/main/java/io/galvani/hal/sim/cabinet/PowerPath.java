package io.galvani.hal.sim.cabinet;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetRating;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.EvState;

/**
 * The power path of one EVSE: the phase state machine IDLE → CABLE_CHECK → PRE_CHARGE → CHARGING
 * (→ STOPPING → IDLE, or FAULTED) on timers, and the output power ramp while charging.
 *
 * <p>Not thread-safe: guarded by the cabinet's lock. Every change is reported, under that lock, to
 * the cabinet's change callback.
 */
final class PowerPath {

    // The cabinet's logger: the log lines of a power path are the cabinet's.
    private static final Logger logger = LoggerFactory.getLogger(SimulatedPowerCabinet.class);

    private final int evseId;
    private final CabinetSettings settings;
    private final IntFunction<Connector> pluggedConnector;
    private final Consumer<PowerPath> onChange;
    private CabinetPhase phase = CabinetPhase.IDLE;
    private Instant since;
    private Instant lastTick;
    private double limitW;
    private double voltageV;
    private double powerW;
    private String fault;
    private String injectedFault;

    /**
     * @param pluggedConnector the connector of an EVSE with a vehicle plugged in, or null
     * @param onChange         called with the lock held after every reportable change
     */
    PowerPath(int evseId, CabinetSettings settings, IntFunction<Connector> pluggedConnector, Consumer<PowerPath> onChange) {
        this.evseId = evseId;
        this.settings = settings;
        this.pluggedConnector = pluggedConnector;
        this.onChange = onChange;
        this.limitW = settings.rating().maxPowerW();
    }

    int evseId() {
        return evseId;
    }

    CabinetPhase phase() {
        return phase;
    }

    /** The fault injected through the simulation API and not cleared yet, or null. */
    String injectedFault() {
        return injectedFault;
    }

    CabinetState state() {
        double current = voltageV > 0 ? powerW / voltageV : 0;
        return new CabinetState(evseId, phase, voltageV, current, powerW, limitW, fault);
    }

    /** Starts a session with {@code limitW} (already checked), or only sets the limit if one runs. */
    void start(double limitW, Instant now) {
        this.limitW = limitW;
        if (phase != CabinetPhase.IDLE && phase != CabinetPhase.FAULTED) {
            logger.debug("EVSE {}: start while {}; limit set to {} W", evseId, phase, limitW);
            return;
        }
        if (injectedFault != null) {
            fault(injectedFault, now);
        } else if (pluggedConnector.apply(evseId) == null) {
            fault("no vehicle connected", now);
        } else {
            enter(CabinetPhase.CABLE_CHECK, now);
            advance(now);
        }
    }

    /** Ends the session: through STOPPING if power may flow, then IDLE. */
    void stop(Instant now) {
        if (phase == CabinetPhase.CHARGING || phase == CabinetPhase.PRE_CHARGE) {
            powerW = 0;
            enter(CabinetPhase.STOPPING, now);
        }
        if (phase != CabinetPhase.IDLE) {
            enter(CabinetPhase.IDLE, now);
        }
    }

    /** Sets the limit (already checked); ramp-down is immediate. */
    void setLimit(double limitW) {
        this.limitW = limitW;
        if (powerW > limitW) {
            powerW = limitW;
            onChange.accept(this);
        }
    }

    /** Faults the path until {@link #clearFault}, also for later sessions. */
    void injectFault(String reason, Instant now) {
        logger.warn("EVSE {}: fault injected: {}", evseId, reason);
        injectedFault = reason;
        fault(reason, now);
    }

    void clearFault(Instant now) {
        injectedFault = null;
        if (phase == CabinetPhase.FAULTED) {
            logger.info("EVSE {}: fault cleared", evseId);
            enter(CabinetPhase.IDLE, now);
        }
    }

    /** Moves through the timed phases that are due, and faults the path when the EV went away. */
    void advance(Instant now) {
        while (true) {
            switch (phase) {
                case CABLE_CHECK, PRE_CHARGE, CHARGING -> {
                    Connector c = pluggedConnector.apply(evseId);
                    if (c == null) {
                        fault("vehicle disconnected during " + phase, now);
                        return;
                    }
                    if (phase == CabinetPhase.CHARGING) {
                        return;
                    }
                    double evV = c.ev().targetVoltageV();
                    voltageV = settings.clampVoltage(evV);
                    Duration needed = phase == CabinetPhase.CABLE_CHECK ? settings.cableCheck() : settings.preCharge();
                    if (Duration.between(since, now).compareTo(needed) < 0) {
                        return;
                    }
                    if (phase == CabinetPhase.CABLE_CHECK) {
                        CabinetRating rating = settings.rating();
                        if (evV < rating.minVoltageV() || evV > rating.maxVoltageV()) {
                            fault(String.format("EV voltage %.0f V outside output range %.0f..%.0f V", evV,
                                    rating.minVoltageV(), rating.maxVoltageV()), now);
                            return;
                        }
                        enter(CabinetPhase.PRE_CHARGE, now);
                    } else {
                        lastTick = now;
                        powerW = 0;
                        enter(CabinetPhase.CHARGING, now);
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /**
     * While charging: the power this EVSE could take, min(limit, EV current × V, cabinet current × V),
     * 0 if the EV does not want energy; also follows the EV's voltage.
     */
    double demandW() {
        Connector c = pluggedConnector.apply(evseId);
        EvState ev = c == null ? EvState.DISCONNECTED : c.ev();
        double v = settings.clampVoltage(ev.targetVoltageV());
        voltageV = v;
        double d = ev.wantsEnergy() ? Math.min(limitW, Math.min(ev.maxCurrentA(), settings.rating().maxCurrentA()) * v) : 0;
        return Math.max(0, d);
    }

    /** Ramps up towards {@code targetW} at the configured rate since the last tick; ramp-down is immediate. */
    void rampTowards(double targetW, Instant now) {
        double seconds = lastTick == null ? 0 : Math.max(0, Duration.between(lastTick, now).toMillis() / 1000.0);
        powerW = targetW <= powerW ? targetW : Math.min(targetW, powerW + settings.rampWattsPerSecond() * seconds);
        lastTick = now;
    }

    private void enter(CabinetPhase next, Instant now) {
        logger.info("EVSE {}: {} -> {}", evseId, phase, next);
        phase = next;
        since = now;
        if (next != CabinetPhase.FAULTED) {
            fault = null;
        }
        if (next != CabinetPhase.CHARGING) {
            powerW = 0;
        }
        if (next == CabinetPhase.IDLE || next == CabinetPhase.FAULTED) {
            voltageV = 0;
        }
        onChange.accept(this);
    }

    private void fault(String reason, Instant now) {
        fault = reason;
        if (phase != CabinetPhase.FAULTED) {
            logger.info("EVSE {}: {} -> FAULTED ({})", evseId, phase, reason);
        }
        phase = CabinetPhase.FAULTED;
        since = now;
        powerW = 0;
        voltageV = 0;
        onChange.accept(this);
    }
}
