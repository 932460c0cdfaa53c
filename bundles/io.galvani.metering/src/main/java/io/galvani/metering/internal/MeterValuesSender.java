package io.galvani.metering.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.MeterValuesRequest;

/**
 * Hands MeterValuesRequests to the link. Never blocks; the link queues while offline. A request the link
 * fails (CALLERROR, timeout, dropped connection, full queue) is logged and not repeated: the next
 * interval brings fresh values, and MeterValues outside a transaction are not billing data.
 */
final class MeterValuesSender {
    private static final Logger logger = LoggerFactory.getLogger(MeterValuesSender.class);

    private final OcppLink link;

    MeterValuesSender(OcppLink link) {
        this.link = link;
    }

    void send(MeterValuesRequest request) {
        send(request, false);
    }

    /** Sends values the CSMS asked for with TriggerMessage: they may go out while registration is Pending. */
    void sendTriggered(MeterValuesRequest request) {
        send(request, true);
    }

    private void send(MeterValuesRequest request, boolean triggered) {
        try {
            (triggered ? link.callTriggered(request) : link.call(request)).whenComplete((response, failure) -> {
                if (failure != null) {
                    notDelivered(request, failure);
                }
            });
        } catch (RuntimeException e) {
            notDelivered(request, e);
        }
    }

    private static void notDelivered(MeterValuesRequest request, Throwable failure) {
        logger.warn("MeterValues of EVSE {} at {} not delivered: {}", request.evseId(),
                request.meterValue().get(0).timestamp(), failure.toString());
    }
}
