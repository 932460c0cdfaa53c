package io.galvani.supervisor.internal;

import io.galvani.devicemodel.api.ComponentKey;

/**
 * What one look at SCR found for one component.
 *
 * @param device  the device-model component its fault is reported on
 * @param failure SCR's failure text when {@link Health#FAILED}, else null
 */
record Observation(ComponentId id, Health health, ComponentKey device, String failure) {

    enum Health {
        /** Enabled, and a configuration is in FAILED_ACTIVATION. */
        FAILED,
        /** Disabled (by the supervisor during its back-off, or by someone else). */
        DISABLED,
        /** Enabled and ACTIVE or SATISFIED. */
        RUNNING,
        /** Enabled but waiting for a configuration or a reference: not a fault of the component. */
        WAITING
    }
}
