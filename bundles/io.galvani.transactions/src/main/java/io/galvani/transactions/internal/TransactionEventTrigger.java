package io.galvani.transactions.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;

/**
 * TriggerMessage(TransactionEvent) (F06): an Updated event with triggerReason Trigger, the chargingState
 * and the TxUpdatedMeasurands, for the transaction on the requested EVSE or for every running one;
 * Rejected when none runs there.
 */
@Component(service = MessageTrigger.class)
public final class TransactionEventTrigger implements MessageTrigger {
    private final TransactionOperations transactions;

    @Activate
    public TransactionEventTrigger(@Reference TransactionOperations transactions) {
        this.transactions = transactions;
    }

    @Override
    public Set<MessageTriggerEnumType> triggers() {
        return Set.of(MessageTriggerEnumType.TransactionEvent);
    }

    @Override
    public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        Integer evseId = request.evse() == null ? null : request.evse().id();
        if (transactions.trigger(evseId, call)) {
            return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
        }
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of("NoTransaction").withAdditionalInfo(evseId == null
                        ? "no transaction is running" : "no transaction is running on EVSE " + evseId));
    }
}
