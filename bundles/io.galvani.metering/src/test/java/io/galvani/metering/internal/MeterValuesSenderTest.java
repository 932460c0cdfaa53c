package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.outbox.api.OutboxStorageException;

/** OCPPCommCtrlr.QueueAllMessages (C-21): clock-aligned MeterValues through the outbox, triggered ones never. */
class MeterValuesSenderTest {
    private final RecordingLink link = new RecordingLink();
    private final FakeOutbox outbox = new FakeOutbox();
    private final MeterValuesSender sender = new MeterValuesSender(link, () -> outbox);
    private final MeterValuesRequest request = MeterValuesRequest.of(1,
            List.of(MeterValueType.of(Instant.parse("2026-11-25T12:00:00Z"), List.of(SampledValueType.of(1.0)))));

    @Test
    void queueAllMessagesOff_sendsThroughTheLink() {
        sender.send(request);
        assertThat(link.calls).containsExactly(request);
        assertThat(outbox.commits).isEmpty();
    }

    @Test
    void queueAllMessagesOn_commitsToTheOutboxAsOther() {
        outbox.queueAll = true;
        sender.send(request);
        assertThat(link.calls).isEmpty();
        assertThat(outbox.commits).singleElement().satisfies(c -> {
            assertThat(c.messages()).singleElement().satisfies(m -> {
                assertThat(m.request()).isEqualTo(request);
                assertThat(m.kind()).isEqualTo(MessageKind.OTHER);
            });
        });
    }

    @Test
    void triggeredValues_alwaysGoStraightToTheLink() {
        outbox.queueAll = true;
        sender.sendTriggered(request);
        assertThat(link.calls).containsExactly(request);
        assertThat(outbox.commits).isEmpty();
    }

    @Test
    void aFailingOutbox_isLoggedAndDoesNotThrow() {
        outbox.queueAll = true;
        outbox.fail = true;
        sender.send(request);
        assertThat(link.calls).isEmpty();
    }

    @Test
    void noOutbox_sendsThroughTheLink() {
        new MeterValuesSender(link, () -> null).send(request);
        assertThat(link.calls).containsExactly(request);
    }

    private static final class FakeOutbox implements Outbox {
        final List<OutboxCommit> commits = new ArrayList<>();
        boolean queueAll;
        boolean fail;

        @Override
        public List<CompletionStage<OcppResponse>> commit(OutboxCommit commit) {
            if (fail) {
                throw new OutboxStorageException("disk full", null);
            }
            commits.add(commit);
            return List.of();
        }

        @Override
        public Map<String, String> state(String namespace) {
            return Map.of();
        }

        @Override
        public OutboxStatus status() {
            return new OutboxStatus(commits.size(), 100, null, 0, 0, false);
        }

        @Override
        public boolean queueAllMessages() {
            return queueAll;
        }
    }
}
