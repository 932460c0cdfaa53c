package io.galvani.operations.internal;

import java.util.Set;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationRequest;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;

/**
 * TriggerMessage(FirmwareStatusNotification) while no firmware bundle runs: no update can be in
 * progress, so the status is Idle (F06.FR.16). A firmware-update bundle registers its own trigger
 * with a higher ranking and takes over; this one has the lowest.
 */
@Component(service = MessageTrigger.class, property = Constants.SERVICE_RANKING + ":Integer=-1000")
public final class IdleFirmwareStatusTrigger implements MessageTrigger {
    private final OcppLink link;

    @Activate
    public IdleFirmwareStatusTrigger(@Reference OcppLink link) {
        this.link = link;
    }

    @Override
    public Set<MessageTriggerEnumType> triggers() {
        return Set.of(MessageTriggerEnumType.FirmwareStatusNotification);
    }

    @Override
    public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        call.afterResponse(() -> link.callTriggered(FirmwareStatusNotificationRequest.of(FirmwareStatusEnumType.Idle)));
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
    }
}
