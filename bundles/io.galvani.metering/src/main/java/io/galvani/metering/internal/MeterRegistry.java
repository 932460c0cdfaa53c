package io.galvani.metering.internal;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;

/**
 * The energy meters the HAL currently offers, one per EVSE (EVSE 0 = the main meter), and the safe
 * reading of them: a meter that is not ONLINE, throws or returns nothing is skipped with a warning, never
 * propagates into the caller. Thread-safe: DS binds and unbinds on its threads while the scheduler and the
 * transport read.
 */
final class MeterRegistry {
    private static final Logger logger = LoggerFactory.getLogger(MeterRegistry.class);

    /** A bound meter with the EVSE it told us at binding. */
    record Bound(EnergyMeter meter, int evseId) {
    }

    private final List<Bound> meters = new CopyOnWriteArrayList<>();

    void add(EnergyMeter meter) {
        int evseId;
        try {
            evseId = meter.evseId();
        } catch (RuntimeException e) {
            logger.warn("Energy meter {} ignored: it cannot tell its EVSE ({})", meter, e.toString());
            return;
        }
        if (evseId < 0) {
            logger.warn("Energy meter {} ignored: invalid EVSE id {}", meter, evseId);
            return;
        }
        if (forEvse(evseId).isPresent()) {
            logger.warn("A second energy meter for EVSE {} ({}); the first one is used", evseId, meter);
        }
        meters.add(new Bound(meter, evseId));
    }

    void remove(EnergyMeter meter) {
        meters.removeIf(b -> b.meter() == meter);
    }

    /** One meter per EVSE, by EVSE id: the first bound wins when two claim the same EVSE. */
    SortedMap<Integer, EnergyMeter> byEvse() {
        SortedMap<Integer, EnergyMeter> result = new TreeMap<>();
        for (Bound b : meters) {
            result.putIfAbsent(b.evseId(), b.meter());
        }
        return result;
    }

    Optional<EnergyMeter> forEvse(int evseId) {
        return meters.stream().filter(b -> b.evseId() == evseId).map(Bound::meter).findFirst();
    }

    /** The meter's latest reading; empty, with a warning, if it is not ONLINE or cannot be read. */
    static Optional<MeterReading> read(EnergyMeter meter, int evseId) {
        try {
            DeviceStatus status = meter.status();
            if (status != null && !status.isOnline()) {
                logger.warn("Energy meter of EVSE {} is {} ({}); no meter values from it", evseId, status.state(),
                        status.reason());
                return Optional.empty();
            }
            MeterReading reading = meter.read();
            if (reading == null) {
                logger.warn("Energy meter of EVSE {} returned no reading; no meter values from it", evseId);
            }
            return Optional.ofNullable(reading);
        } catch (RuntimeException e) {
            logger.warn("Energy meter of EVSE {} failed to read ({}); no meter values from it", evseId, e.toString());
            return Optional.empty();
        }
    }
}
