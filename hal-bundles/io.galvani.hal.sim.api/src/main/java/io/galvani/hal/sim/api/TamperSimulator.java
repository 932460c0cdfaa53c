package io.galvani.hal.sim.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens or closes the simulated enclosure, as a technician (or a thief) would. Registered with the sensor's
 * {@code hal.evse.id}.
 *
 * @since 1.1
 */
@ProviderType
public interface TamperSimulator {

    /** Trips ({@code true}) or resets the simulated tamper sensor; its TamperListeners are told on its thread. */
    void setTampered(boolean tampered);
}
