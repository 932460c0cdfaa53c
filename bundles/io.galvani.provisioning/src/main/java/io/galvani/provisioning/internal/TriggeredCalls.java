package io.galvani.provisioning.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;

/**
 * The requests sent because the CSMS asked for them with TriggerMessage. They go through
 * {@link OcppLink#callTriggered}, which the transport does not hold at the gate; the gate admits them
 * too while Pending (B02.FR.02), for a link that has no such bypass. Tracked by identity, not by value: a triggered
 * HeartbeatRequest admits that request, not every equal one. Thread-safe.
 */
final class TriggeredCalls {
    private final Set<OcppRequest<?>> outstanding = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    /** Sends {@code request} as a triggered message; it is admitted until it completes. */
    <R extends OcppResponse> CompletionStage<R> call(OcppLink link, OcppRequest<R> request) {
        outstanding.add(request);
        return link.callTriggered(request).whenComplete((response, failure) -> outstanding.remove(request));
    }

    boolean admits(OcppRequest<?> request) {
        return outstanding.contains(request);
    }
}
