package io.galvani.ocpp.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;

/**
 * The station's OCPP-J connection to its CSMS (the transport registers exactly one).
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #call} never blocks. Requests are sent in the order they were made, at most one
 * outstanding CALL at a time (OCPP-J §4.1.1). Requests made while offline wait in a bounded
 * in-memory queue and go out after reconnection; a full queue fails the new request at once.</li>
 * <li>The returned stage completes with the CSMS's response; or exceptionally with
 * {@link OcppCallException} when the CSMS answered with a CALLERROR, with
 * {@link OcppTimeoutException} when no answer came within MessageTimeout, or with
 * {@link OcppConnectionException} when the connection dropped while the CALL was outstanding.
 * Nothing is lost silently.</li>
 * <li>Requests that the {@link OcppSessionGate} holds back (e.g. before BootNotification was
 * accepted) wait in the queue until the gate admits them.</li>
 * <li>Completion runs on the transport's thread: callers must not block in it.</li>
 * </ul>
 */
@ProviderType
public interface OcppLink {

    /** Sends {@code request} as a CALL; see the class contract for ordering and failures. */
    <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request);

    /**
     * Sends a message the CSMS asked for with TriggerMessage, after the TriggerMessageResponse went out
     * (F06.FR.04). Like {@link #call}, except that the {@link OcppSessionGate} does not hold it back:
     * the CSMS could only trigger it in a state that allows it, and triggered messages may flow while the
     * registration is Pending (B02.FR.02). The default, for implementations without a gate, is
     * {@link #call}.
     */
    default <R extends OcppResponse> CompletionStage<R> callTriggered(OcppRequest<R> request) {
        return call(request);
    }

    /** The current connection state; never null. */
    LinkStatus status();

    /**
     * Round-trip times and counters of the link; never null. The default, for implementations that do not count,
     * is {@link LinkStatistics#NONE}.
     */
    default LinkStatistics statistics() {
        return LinkStatistics.NONE;
    }

    /**
     * Tells the link that the {@link OcppSessionGate}'s decisions may have changed, so that held
     * requests are looked at again. Cheap and idempotent.
     */
    void gateChanged();
}
