package io.galvani.transactions.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a tariff bundle registers a service of this type to say what a session costs. Whoever shows a
 * session to the driver (the display, the local API, a receipt) asks it; without one, no cost is shown anywhere.
 * With several, the one with the highest service ranking is used.
 *
 * <p>The cost belongs to the session, not to one screen: that is why this lives beside {@link SessionView} and
 * not in the display's API, so any user interface (and later OCPP's running cost) prices a session the same way.
 *
 * <p>Contract: called often (about once a second per EVSE while charging, from the caller's thread), so it must
 * answer quickly from what it already knows and never block on the network. It must not throw; a caller treats
 * an exception as "cost unknown".
 *
 * @since 1.2
 */
@ConsumerType
public interface SessionCostProvider {

    /**
     * What {@code session} costs: so far while it runs, the total once it is {@link SessionPhase#FINISHED}.
     *
     * @return empty if this tariff cannot price the session (no transaction yet, unknown card, no tariff for it)
     */
    Optional<SessionCost> cost(SessionView session);
}
