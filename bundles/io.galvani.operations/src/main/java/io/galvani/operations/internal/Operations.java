package io.galvani.operations.internal;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.galvani.ocpp.model.types.ResetEnumType;

/** What the OCPP handlers, the console and the device model ask of {@link StationOperations}. */
interface Operations {

    /** See {@link ResetManager#request}. */
    Outcome reset(ResetEnumType type, Integer evseId, ResetManager.Origin origin, Consumer<Runnable> afterResponse);

    /** See {@link AvailabilityManager#change}. */
    Outcome changeAvailability(Scope scope, boolean inoperative);

    /** The availability in force. */
    AvailabilitySettings availability();

    /** The availability asked for (differs from {@link #availability()} while a change is Scheduled). */
    AvailabilitySettings requestedAvailability();

    /** Whether the EVSE is being reset (then Unavailable). */
    boolean evseResetting(int evseId);

    /** Whether a reset of the station is pending. */
    boolean stationResetPending();

    /** The bundle's executor, for work that must not run on a caller's thread. */
    Executor executor();
}
