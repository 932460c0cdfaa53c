package io.galvani.operations.internal;

import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.station.api.Station;

/**
 * Answers TriggerMessage (F06) by handing it to the best-ranked {@link MessageTrigger} that serves
 * the requested message: NotImplemented when none does (F06.FR.08); Rejected for an EVSE or
 * connector the station does not have. What the trigger answers is the answer, and it sends the
 * message after the response (F06.FR.04).
 */
@Component(service = OcppRequestHandler.class)
public final class TriggerMessageDispatcher implements OcppRequestHandler<TriggerMessageRequest, TriggerMessageResponse> {
    private static final Logger logger = LoggerFactory.getLogger(TriggerMessageDispatcher.class);

    private final Station station;
    private final Whiteboard<MessageTrigger> triggers = new Whiteboard<>();

    @Activate
    public TriggerMessageDispatcher(@Reference Station station) {
        this.station = station;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTrigger(MessageTrigger trigger, Map<String, Object> properties) {
        triggers.add(trigger, properties);
    }

    void removeTrigger(MessageTrigger trigger) {
        triggers.remove(trigger);
    }

    private static final java.util.Set<MessageTriggerEnumType> EVSE_MESSAGES = java.util.EnumSet.of(
            MessageTriggerEnumType.StatusNotification, MessageTriggerEnumType.MeterValues,
            MessageTriggerEnumType.TransactionEvent);

    @Override
    public Class<TriggerMessageRequest> requestType() {
        return TriggerMessageRequest.class;
    }

    @Override
    public TriggerMessageResponse handle(TriggerMessageRequest request, InboundCall call) {
        Optional<MessageTrigger> trigger = triggers.services().stream()
                .filter(t -> t.triggers().contains(request.requestedMessage())).findFirst();
        if (trigger.isEmpty()) {
            return TriggerMessageResponse.of(TriggerMessageStatusEnumType.NotImplemented);
        }
        // F06.FR.03: an evse that is irrelevant to the message is ignored; only these three are about an EVSE.
        Optional<Outcome> unknown = EVSE_MESSAGES.contains(request.requestedMessage()) ? unknownTarget(request.evse())
                : Optional.empty();
        if (unknown.isPresent()) {
            return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Rejected)
                    .withStatusInfo(OcppStatus.info(unknown.get()));
        }
        try {
            return trigger.get().trigger(request, call);
        } catch (RuntimeException e) {
            logger.error("Trigger {} failed for {}", trigger.get().getClass().getName(),
                    request.requestedMessage().value(), e);
            return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Rejected)
                    .withStatusInfo(OcppStatus.info("InternalError", "the trigger failed"));
        }
    }

    /** Rejected if the evse of the request names nothing the station has; empty if it is fine or absent. */
    private Optional<Outcome> unknownTarget(EVSEType evse) {
        if (evse == null || (evse.id() == 0 && evse.connectorId() == null)) {
            return Optional.empty(); // 0 = the station as a whole
        }
        return Outcome.unknownTarget(station, evse.id(), evse.connectorId());
    }
}
