package io.galvani.ocpp.api;

import org.osgi.annotation.versioning.ConsumerType;

import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;

/**
 * Whiteboard service that answers one CSMS-initiated action. Register it as an OSGi service; the
 * transport picks it up by {@link #requestType()} and drops it when the service goes away (the
 * action then answers CALLERROR NotImplemented again). If two handlers claim an action, the one
 * with the highest service ranking wins.
 *
 * <p>Contract: {@link #handle} is called on the transport's inbound thread with a payload already
 * validated against the action's schema, one CALL at a time; it must return within a few hundred
 * milliseconds and do longer work asynchronously (see {@link InboundCall#afterResponse}). An
 * {@link OcppCallException} is answered as that CALLERROR; any other exception as InternalError.
 *
 * @param <Q> request type
 * @param <R> response type
 */
@ConsumerType
public interface OcppRequestHandler<Q extends OcppRequest<R>, R extends OcppResponse> {

    /** The request payload type this handler answers; fixes the action. */
    Class<Q> requestType();

    /** Answers the request. */
    R handle(Q request, InboundCall call) throws OcppCallException;
}
