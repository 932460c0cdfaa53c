package io.galvani.ocpp.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A request payload of an OCPP 2.0.1 action. The type parameter names the response the peer answers
 * with, so that {@code link.call(new HeartbeatRequest())} is typed as a {@code HeartbeatResponse}.
 *
 * @param <R> the response payload type of this action
 */
@ProviderType
public interface OcppRequest<R extends OcppResponse> {

    /** The OCPP action name as it appears in a CALL frame, e.g. {@code "BootNotification"}. */
    default String ocppAction() {
        return Action.of(getClass()).name();
    }
}
