package io.galvani.ocpp.api;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;

/**
 * Whiteboard service that sends a message when the CSMS asks for it with TriggerMessage (F06). The
 * bundle that owns a message registers a trigger for it (provisioning for BootNotification,
 * Heartbeat and StatusNotification, diagnostics for LogStatusNotification, …); TriggerMessage for a
 * message no registered trigger serves is answered NotImplemented.
 *
 * <p>Contract: {@link #trigger} decides Accepted or Rejected at once and must send the message only
 * after the response, through {@link InboundCall#afterResponse} (F06.FR.04).
 */
@ConsumerType
public interface MessageTrigger {

    /** The requestedMessage values this trigger serves. */
    Set<MessageTriggerEnumType> triggers();

    /** Answers a TriggerMessage for one of {@link #triggers()}; called on the transport's inbound thread. */
    TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call);
}
