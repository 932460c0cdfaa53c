package io.galvani.ocpp.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import io.galvani.ocpp.model.OcppRequest;

/**
 * Decides which CALLs may flow in the current registration state (OCPP 2.0.1 B01–B03): before
 * BootNotification is accepted the station sends nothing but BootNotification, and while Rejected
 * it answers every CSMS CALL with SecurityError. The provisioning bundle registers the gate; with
 * no gate registered everything flows. Call {@link OcppLink#gateChanged()} when decisions change.
 *
 * <p>Both methods are called on transport threads and must return immediately.
 */
@ConsumerType
public interface OcppSessionGate {

    /** Whether {@code request} may be sent now; a request not admitted waits in the queue. */
    boolean admitOutbound(OcppRequest<?> request);

    /**
     * Whether a CALL for {@code action} from the CSMS may be handled now; an empty result admits it,
     * otherwise the CALL is answered with the given error.
     */
    Optional<OcppCallException> admitInbound(String action);
}
