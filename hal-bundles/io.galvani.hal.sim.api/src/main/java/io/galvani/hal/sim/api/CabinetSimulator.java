package io.galvani.hal.sim.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fault injection into a simulated power cabinet. Registered with the cabinet's {@code hal.evse.id}
 * (the list of EVSEs it feeds).
 */
@ProviderType
public interface CabinetSimulator {

    /**
     * Raises a fault on the power path of {@code evseId}: the EVSE goes to FAULTED with
     * {@code reason} and stays faulted (a new start faults again) until {@link #clearFault}.
     *
     * @throws IllegalArgumentException if the cabinet does not feed {@code evseId} or reason is blank
     */
    void injectFault(int evseId, String reason);

    /**
     * Clears an injected fault; a FAULTED EVSE returns to IDLE.
     *
     * @throws IllegalArgumentException if the cabinet does not feed {@code evseId}
     */
    void clearFault(int evseId);
}
