/**
 * Controls of the simulated hardware that a real driver does not have: plugging an EV in, pausing
 * it, presenting a token, injecting a cabinet fault. Used by the station's local HTTP API, demos and
 * tests. Each control is registered by the simulated driver next to its HAL service, with the same
 * HAL service properties ({@code hal.evse.id}, {@code hal.connector.id}), so a client selects the
 * simulator of one EVSE with an LDAP filter.
 *
 * <p>Controls return at once; what they cause is reported through the HAL listener services on the
 * simulator's own thread, as a real driver would report it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.galvani.hal.sim.api;
