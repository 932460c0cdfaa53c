package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;

class TriggerMessageDispatcherTest {
    private final TriggerMessageDispatcher dispatcher = new TriggerMessageDispatcher(FakeStation.of(2));

    /** A trigger that answers Accepted and records what it was asked. */
    private static final class Trigger implements MessageTrigger {
        final List<TriggerMessageRequest> asked = new CopyOnWriteArrayList<>();
        private final Set<MessageTriggerEnumType> serves;

        Trigger(MessageTriggerEnumType... serves) {
            this.serves = Set.of(serves);
        }

        @Override
        public Set<MessageTriggerEnumType> triggers() {
            return serves;
        }

        @Override
        public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
            asked.add(request);
            return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
        }
    }

    private TriggerMessageStatusEnumType trigger(TriggerMessageRequest request) {
        return dispatcher.handle(request, new TestCall("TriggerMessage")).status();
    }

    @Test
    void F06_FR08_nobodyServesIt_notImplemented() {
        dispatcher.addTrigger(new Trigger(MessageTriggerEnumType.Heartbeat), Map.of("service.id", 1L));
        assertThat(trigger(TriggerMessageRequest.of(MessageTriggerEnumType.SignCombinedCertificate)))
                .isEqualTo(TriggerMessageStatusEnumType.NotImplemented);
    }

    @Test
    void highestRankedTriggerAnswers_andAGoneTriggerNoLonger() {
        Trigger low = new Trigger(MessageTriggerEnumType.Heartbeat);
        Trigger high = new Trigger(MessageTriggerEnumType.Heartbeat, MessageTriggerEnumType.MeterValues);
        dispatcher.addTrigger(low, Map.of("service.id", 1L));
        dispatcher.addTrigger(high, Map.of("service.id", 2L, "service.ranking", 10));
        assertThat(trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat)))
                .isEqualTo(TriggerMessageStatusEnumType.Accepted);
        assertThat(high.asked).hasSize(1);
        assertThat(low.asked).isEmpty();

        dispatcher.removeTrigger(high);
        trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat));
        assertThat(low.asked).hasSize(1);
        assertThat(trigger(TriggerMessageRequest.of(MessageTriggerEnumType.MeterValues)))
                .isEqualTo(TriggerMessageStatusEnumType.NotImplemented);
    }

    @Test
    void unknownEvseOrConnector_rejected_knownOnesPassed() {
        Trigger status = new Trigger(MessageTriggerEnumType.StatusNotification);
        dispatcher.addTrigger(status, Map.of());
        TriggerMessageRequest request = TriggerMessageRequest.of(MessageTriggerEnumType.StatusNotification);
        TriggerMessageResponse unknownEvse = dispatcher.handle(request.withEvse(EVSEType.of(3).withConnectorId(1)),
                new TestCall("TriggerMessage"));
        assertThat(unknownEvse.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(unknownEvse.statusInfo().reasonCode()).isEqualTo("UnknownEvse");
        assertThat(trigger(request.withEvse(EVSEType.of(1).withConnectorId(3))))
                .isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(status.asked).isEmpty();

        assertThat(trigger(request.withEvse(EVSEType.of(1).withConnectorId(2))))
                .isEqualTo(TriggerMessageStatusEnumType.Accepted);
        assertThat(status.asked).hasSize(1);
    }

    @Test
    void F06_FR_03_anEvseIrrelevantToTheMessageIsIgnored() {
        Trigger heartbeat = new Trigger(MessageTriggerEnumType.Heartbeat);
        dispatcher.addTrigger(heartbeat, Map.of());
        assertThat(trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat).withEvse(EVSEType.of(9))))
                .isEqualTo(TriggerMessageStatusEnumType.Accepted);
        assertThat(heartbeat.asked).hasSize(1);
    }

    @Test
    void failingTrigger_rejected() {
        dispatcher.addTrigger(new MessageTrigger() {
            @Override
            public Set<MessageTriggerEnumType> triggers() {
                return Set.of(MessageTriggerEnumType.Heartbeat);
            }

            @Override
            public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
                throw new IllegalStateException("broken");
            }
        }, Map.of());
        assertThat(trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat)))
                .isEqualTo(TriggerMessageStatusEnumType.Rejected);
    }
}
