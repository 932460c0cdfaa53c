package io.galvani.provisioning.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.provisioning.api.RegistrationStatus;

/**
 * TriggerMessage (F06) for the messages provisioning owns. Decides at once on the transport's thread;
 * the message goes out only after the response (F06.FR.04), sent from the provisioning scheduler.
 *
 * <ul>
 * <li>BootNotification: Rejected if the last one was Accepted (F06.FR.17), else Accepted and sent with
 * reason Triggered without waiting for the interval (B02.FR.04).</li>
 * <li>Heartbeat: Accepted.</li>
 * <li>StatusNotification: needs evse.id and evse.connectorId (F06.FR.12) of a known connector, else
 * Rejected; Accepted sends that connector's current status even if unchanged (F06.FR.09/10).</li>
 * </ul>
 * While Pending the triggered messages pass the gate (B02.FR.02); evse is ignored where irrelevant
 * (F06.FR.03).
 */
final class ProvisioningTriggers {
    static final Set<MessageTriggerEnumType> SERVED = Collections.unmodifiableSet(EnumSet.of(
            MessageTriggerEnumType.BootNotification, MessageTriggerEnumType.Heartbeat,
            MessageTriggerEnumType.StatusNotification));

    private final BootSequence boot;
    private final StatusReporter statusReporter;
    private final Executor executor;

    /** @param executor the provisioning scheduler, where every message is sent */
    ProvisioningTriggers(BootSequence boot, StatusReporter statusReporter, Executor executor) {
        this.boot = boot;
        this.statusReporter = statusReporter;
        this.executor = executor;
    }

    TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        return switch (request.requestedMessage()) {
            case BootNotification -> boot.status() == RegistrationStatus.Accepted
                    ? rejected("InvalidMessageSeq", "the last BootNotification was accepted")
                    : accepted(call, boot::sendTriggeredBoot);
            case Heartbeat -> accepted(call, boot::sendTriggeredHeartbeat);
            case StatusNotification -> statusNotification(request.evse(), call);
            default -> TriggerMessageResponse.of(TriggerMessageStatusEnumType.NotImplemented);
        };
    }

    private TriggerMessageResponse statusNotification(EVSEType evse, InboundCall call) {
        if (evse == null || evse.connectorId() == null) {
            return rejected("MissingParam", "StatusNotification needs evse.id and evse.connectorId");
        }
        int evseId = evse.id();
        int connectorId = evse.connectorId();
        if (!statusReporter.knowsEvse(evseId)) {
            return rejected("UnknownEvse", "no EVSE " + evseId);
        }
        if (!statusReporter.knows(evseId, connectorId)) {
            return rejected("UnknownConnectorId", "no connector " + connectorId + " on EVSE " + evseId);
        }
        return accepted(call, () -> statusReporter.reportTriggered(evseId, connectorId));
    }

    private TriggerMessageResponse accepted(InboundCall call, Runnable send) {
        call.afterResponse(() -> executor.execute(send));
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
    }

    private static TriggerMessageResponse rejected(String reasonCode, String detail) {
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of(reasonCode).withAdditionalInfo(detail));
    }
}
