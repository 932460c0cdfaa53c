package io.galvani.devicemodel.api;

import java.util.Collection;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service through which a bundle adds its components and variables to the device model.
 * The device model reads {@link #variables()} once when the service appears and drops them when it
 * goes away, so a bundle's variables are reported exactly while it runs. To change the set, register
 * a new service (e.g. one per EVSE) rather than changing what this one returns.
 *
 * <p>Two contributions must not define the same component and variable; if they do, the one with the
 * higher service ranking wins and the other's definition is logged and ignored. Several bundles may
 * contribute variables of the same component (OCPPCommCtrlr has variables from the transport and
 * from provisioning).
 */
@ConsumerType
public interface DeviceModelContribution {

    /** The contributed variables; called once per registration. */
    Collection<VariableDefinition> variables();
}
