package io.galvani.hal.sim.cabinet;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import io.galvani.hal.api.CabinetRating;

/**
 * The validated configuration of one simulated cabinet: name (logs, messages, thread name), the EVSEs
 * fed (distinct, >= 1, in configuration order), rating, phase durations, ramp rate and tick period.
 * (A final class, not a record, so that the bundle's imports stay as they were.)
 */
final class CabinetSettings {

    private final String name;
    private final Set<Integer> evseIds;
    private final CabinetRating rating;
    private final Duration cableCheck;
    private final Duration preCharge;
    private final double rampWattsPerSecond;
    private final long tickMillis;

    private CabinetSettings(String name, Set<Integer> evseIds, CabinetRating rating, Duration cableCheck,
            Duration preCharge, double rampWattsPerSecond, long tickMillis) {
        this.name = name;
        this.evseIds = evseIds;
        this.rating = rating;
        this.cableCheck = cableCheck;
        this.preCharge = preCharge;
        this.rampWattsPerSecond = rampWattsPerSecond;
        this.tickMillis = tickMillis;
    }

    /** Validates {@code config}; throws {@link IllegalArgumentException} saying what to fix. */
    static CabinetSettings from(SimulatedPowerCabinet.Config config) {
        String name = config.name();
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
        return new CabinetSettings(name, Collections.unmodifiableSet(set),
                new CabinetRating(config.maxPowerW(), config.maxCurrentA(), config.minVoltageV(), config.maxVoltageV()),
                Duration.ofMillis(config.cableCheckMillis()), Duration.ofMillis(config.preChargeMillis()),
                config.rampWattsPerSecond(), config.tickMillis());
    }

    String name() {
        return name;
    }

    Set<Integer> evseIds() {
        return evseIds;
    }

    CabinetRating rating() {
        return rating;
    }

    Duration cableCheck() {
        return cableCheck;
    }

    Duration preCharge() {
        return preCharge;
    }

    /** Power ramp-up rate; ramp-down is immediate. */
    double rampWattsPerSecond() {
        return rampWattsPerSecond;
    }

    long tickMillis() {
        return tickMillis;
    }

    /** {@code v} limited to the cabinet's output voltage range. */
    double clampVoltage(double v) {
        return Math.max(rating.minVoltageV(), Math.min(rating.maxVoltageV(), v));
    }
}
