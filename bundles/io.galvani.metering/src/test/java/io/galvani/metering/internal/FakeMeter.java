package io.galvani.metering.internal;

import java.time.Instant;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;

/** An energy meter whose reading, status and failures the test sets. */
final class FakeMeter implements EnergyMeter {
    private final int evseId;
    private volatile MeterReading reading;
    private volatile DeviceStatus status = DeviceStatus.ONLINE;
    private volatile RuntimeException failure;
    volatile int reads;

    FakeMeter(int evseId) {
        this.evseId = evseId;
        this.reading = new MeterReading(Instant.EPOCH, 1000.0 * evseId + 12345.5, 50_000, 400, 125, 42.0);
    }

    FakeMeter reading(double energyWh, double powerW, double voltageV, double currentA, Double socPct) {
        reading = new MeterReading(Instant.EPOCH, energyWh, powerW, voltageV, currentA, socPct);
        return this;
    }

    FakeMeter status(DeviceStatus s) {
        status = s;
        return this;
    }

    /** Every read returns null from now on (a driver breaking its contract). */
    FakeMeter readingNothing() {
        reading = null;
        return this;
    }

    /** Every read throws {@code e} from now on; null heals the meter. */
    FakeMeter failing(RuntimeException e) {
        failure = e;
        return this;
    }

    @Override
    public int evseId() {
        return evseId;
    }

    @Override
    public MeterReading read() {
        reads++;
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        return reading;
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public String toString() {
        return "FakeMeter[evse " + evseId + "]";
    }
}
