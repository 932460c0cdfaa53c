package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The (DC) energy meter of one EVSE, registered with {@link HalProperties#EVSE_ID}.
 *
 * <p>Contract: {@link #read()} returns the latest reading without blocking; the energy register
 * never goes backwards, also not across driver restarts (drivers persist it if the hardware does
 * not).
 */
@ConsumerType
public interface EnergyMeter {

    int evseId();

    MeterReading read();

    DeviceStatus status();
}
