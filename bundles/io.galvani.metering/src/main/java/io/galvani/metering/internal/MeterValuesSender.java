package io.galvani.metering.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;

/**
 * Hands MeterValuesRequests to the link. Never blocks; the link queues while offline. A request the link
 * fails (CALLERROR, timeout, dropped connection, full queue) is logged and not repeated: the next
 * interval brings fresh values, and MeterValues outside a transaction are not billing data.
 *
 * <p>With OCPPCommCtrlr.QueueAllMessages true (C-21) clock-aligned values go to the crash-safe outbox
 * instead, which delivers them in order with the transaction messages, after outages and power cuts.
 * Triggered values always go straight to the link: the CSMS is waiting for them now.
 */
final class MeterValuesSender {
    private static final Logger logger = LoggerFactory.getLogger(MeterValuesSender.class);

    private final OcppLink link;
    private final Supplier<Outbox> outbox;

    MeterValuesSender(OcppLink link) {
        this(link, () -> null);
    }

    /** @param outbox the outbox if one runs, else null */
    MeterValuesSender(OcppLink link, Supplier<Outbox> outbox) {
        this.link = link;
        this.outbox = outbox;
    }

    void send(MeterValuesRequest request) {
        send(request, false);
    }

    /** Sends values the CSMS asked for with TriggerMessage: they may go out while registration is Pending. */
    void sendTriggered(MeterValuesRequest request) {
        send(request, true);
    }

    private void send(MeterValuesRequest request, boolean triggered) {
        Outbox queue = triggered ? null : outbox.get();
        if (queue != null && queue.queueAllMessages()) {
            try {
                queue.commit(OutboxCommit.of(request, MessageKind.OTHER));
            } catch (RuntimeException e) {
                notDelivered(request, e);
            }
            return;
        }
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
