package io.galvani.supervisor.internal;

import java.time.Duration;

import io.galvani.devicemodel.api.ComponentKey;

/** What the {@link FaultTracker} wants done after a look at the components. */
sealed interface Decision {

    ComponentId id();

    /** Disable the component now; it is enabled again after {@code delay}. */
    record Disable(ComponentId id, Duration delay) implements Decision {
    }

    /** The back-off is over: enable the component again. */
    record Enable(ComponentId id) implements Decision {
    }

    /**
     * The component failed to activate; {@code failures} in a row. {@code first} marks the start of a fault
     * (report it); later ones are retries that failed again (log only).
     */
    record Faulted(ComponentId id, ComponentKey device, String failure, int failures, boolean first)
            implements Decision {
    }

    /** A reported fault is over: the component runs again, or it is gone (bundle stopped or uninstalled). */
    record Recovered(ComponentId id, ComponentKey device, boolean gone) implements Decision {
    }
}
