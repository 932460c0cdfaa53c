package io.galvani.hal.sim.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The simulated EV behind one connector. Registered once per connector with the service properties
 * {@code hal.evse.id} and {@code hal.connector.id} of that connector.
 */
@ProviderType
public interface EvSimulator {

    /** The EVSE of the connector this EV is plugged into. */
    int evseId();

    /** The connector (1-based within its EVSE). */
    int connectorId();

    /** Plugs the EV in (no-op if already plugged). The EV keeps its state of charge; a pause is cleared. */
    void plug();

    /** Unplugs the EV (no-op if not plugged). */
    void unplug();

    /** The EV pauses ({@code true}) or resumes ({@code false}) its energy demand, as a car does when its driver pauses charging. */
    void setSuspended(boolean suspended);

    /**
     * Sets the battery's state of charge.
     *
     * @param pct 0..100
     * @throws IllegalArgumentException if {@code pct} is outside 0..100 or not a number
     */
    void setStateOfCharge(double pct);
}
