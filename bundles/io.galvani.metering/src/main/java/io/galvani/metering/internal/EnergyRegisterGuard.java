package io.galvani.metering.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.MeterReading;

/**
 * Keeps the energy register of one EVSE monotonic (J02.FR.16) although the HAL contract already promises
 * it: a driver that breaks it (a lost persisted register after a restart, a bus glitch reading 0) must not
 * make the CSMS see a register go backwards, in a transaction or in clock-aligned values. A lower value than
 * the highest seen is replaced by the highest seen, with one warning per EVSE; the other quantities of the
 * reading pass unchanged. The highest value lives as long as the {@link MeterRegistry} (the metering
 * bundle), across meter services coming and going, so a driver restart that lost its register is caught
 * too. A meter really replaced by one with a lower register (the exception of J02.FR.16) therefore reports
 * the old value until the bundle is restarted; the warning says so.
 *
 * <p>Not thread-safe by itself: {@link MeterRegistry} reads the meter and checks here under one lock per
 * EVSE, so that two concurrent reads cannot be mistaken for a step backwards.
 */
final class EnergyRegisterGuard {
    private static final Logger logger = LoggerFactory.getLogger(EnergyRegisterGuard.class);

    private final int evseId;
    private double highestWh = Double.NaN;
    private boolean warned;

    EnergyRegisterGuard(int evseId) {
        this.evseId = evseId;
    }

    /** {@code reading}, or a copy with the highest register seen so far if its register went backwards. */
    MeterReading check(MeterReading reading) {
        double wh = reading.energyImportWh();
        if (!Double.isFinite(wh)) {
            return reading; // the sampler leaves a non-finite value out; it says nothing about the register
        }
        if (Double.isNaN(highestWh) || wh >= highestWh) {
            highestWh = wh;
            return reading;
        }
        if (!warned) {
            warned = true;
            logger.warn("Energy register of EVSE {} went backwards from {} Wh to {} Wh (driver fault); {} Wh is "
                    + "reported until the register passes it again (J02.FR.16). If the meter was replaced, restart "
                    + "the metering bundle", evseId, highestWh, wh, highestWh);
        } else {
            logger.debug("Energy register of EVSE {} still below {} Wh: {} Wh", evseId, highestWh, wh);
        }
        return new MeterReading(reading.timestamp(), highestWh, reading.powerW(), reading.voltageV(),
                reading.currentA(), reading.stateOfChargePct());
    }
}
