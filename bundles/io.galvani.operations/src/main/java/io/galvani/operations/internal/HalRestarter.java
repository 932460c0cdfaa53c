package io.galvani.operations.internal;

import java.util.concurrent.CompletionStage;

/** Restarts the hardware drivers attached to one EVSE (the EVSE part of an EVSE reset). */
interface HalRestarter {

    /** Completes once the drivers were restarted (or it was given up, logged); never fails. */
    CompletionStage<Void> restart(int evseId);

    HalRestarter NONE = evseId -> java.util.concurrent.CompletableFuture.completedFuture(null);
}
