package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.outbox.api.MessageDiscardedException;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxFullException;

/** The bounded store (J02.FR.12/13): thinning of droppable messages, refusal when nothing can go. */
class ThinningTest {
    @TempDir
    Path dir;

    /** The seqNos of the queued messages, in order. */
    private static List<Integer> queued(Harness h) throws Exception {
        List<Integer> seqNos = new ArrayList<>();
        for (StoredMessage m : h.store.messages()) {
            TransactionEventRequest r = (TransactionEventRequest) MessageCodec.decode(m);
            seqNos.add(r.seqNo());
        }
        return seqNos;
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void J02_FR_13_dropsIntermediateMessagesFirstOneForEachNewOne() throws Exception {
        try (Harness h = new Harness(dir, Map.of("capacity", 10))) {
            List<CompletionStage<OcppResponse>> stages = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                stages.add(h.commit(Messages.updated(i), MessageKind.DROPPABLE));
            }
            for (int i = 11; i <= 15; i++) {
                stages.add(h.commit(Messages.updated(i), MessageKind.DROPPABLE));
            }
            // 1st, 3rd, 5th, … of the pass; not from the start, not the newest.
            List<Integer> expected = new ArrayList<>(List.of(2, 4, 6, 8, 10));
            expected.addAll(range(11, 15));
            assertThat(queued(h)).containsExactlyElementsOf(expected);
            for (int seqNo : List.of(1, 3, 5, 7, 9)) {
                CompletionStage<OcppResponse> stage = stages.get(seqNo - 1);
                assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
                assertThatThrownBy(() -> stage.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(MessageDiscardedException.class).hasMessageContaining("J02.FR.13");
            }
            assertThat(stages.get(1).toCompletableFuture()).isNotDone();
            assertThat(h.outbox.status().discarded()).isEqualTo(5);
            assertThat(h.outbox.status().queued()).isEqualTo(10);

            // The pass over the first ten is done; the next pass thins the survivors, again every other one.
            for (int i = 16; i <= 20; i++) {
                h.commit(Messages.updated(i), MessageKind.DROPPABLE);
            }
            List<Integer> afterSecondPass = new ArrayList<>(List.of(4, 8, 11, 13, 15));
            afterSecondPass.addAll(range(16, 20));
            assertThat(queued(h)).containsExactlyElementsOf(afterSecondPass);
        }
    }

    @Test
    void transactionMessagesAreNeverDroppedAndAFullStoreRefusesTheWholeCommit() throws Exception {
        try (Harness h = new Harness(dir, Map.of("capacity", 4))) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.commit(Messages.updated(2), MessageKind.DROPPABLE);
            h.commit(Messages.updated(3), MessageKind.DROPPABLE);
            h.outbox.commit(OutboxCommit.builder().message(Messages.updated(4), MessageKind.DROPPABLE)
                    .put("tx", "seqNo", "5").build());
            h.commit(Messages.ended(5), MessageKind.TRANSACTION);
            assertThat(queued(h)).containsExactly(1, 3, 4, 5);

            // Three new messages need three places; only two droppable ones exist: nothing happens at all.
            OutboxCommit tooBig = OutboxCommit.builder().message(Messages.started(6), MessageKind.TRANSACTION)
                    .message(Messages.updated(7), MessageKind.DROPPABLE).message(Messages.ended(8), MessageKind.TRANSACTION)
                    .put("tx", "seqNo", "9").build();
            assertThatThrownBy(() -> h.outbox.commit(tooBig)).isInstanceOf(OutboxFullException.class)
                    .hasMessageContaining("capacity 4");
            assertThat(queued(h)).as("nothing thinned for a refused commit").containsExactly(1, 3, 4, 5);
            assertThat(h.outbox.state("tx")).containsExactly(Map.entry("seqNo", "5"));

            h.commit(Messages.started(6), MessageKind.TRANSACTION);
            h.commit(Messages.started(7), MessageKind.TRANSACTION);
            assertThat(queued(h)).containsExactly(1, 5, 6, 7);
            assertThatThrownBy(() -> h.commit(Messages.updated(8), MessageKind.DROPPABLE))
                    .isInstanceOf(OutboxFullException.class);
            assertThat(h.outbox.status().queued()).isEqualTo(4);
        }
    }

    @Test
    void theMessageInFlightIsNotThinned() throws Exception {
        try (Harness h = new Harness(dir, Map.of("capacity", 3)).withLink()) {
            CompletionStage<OcppResponse> inFlight = h.commit(Messages.updated(1), MessageKind.DROPPABLE);
            h.commit(Messages.updated(2), MessageKind.DROPPABLE);
            h.commit(Messages.updated(3), MessageKind.DROPPABLE);
            h.commit(Messages.updated(4), MessageKind.DROPPABLE);
            assertThat(queued(h)).containsExactly(1, 3, 4);
            h.link.accept();
            h.settle();
            assertThat(inFlight.toCompletableFuture()).isCompleted();
            assertThat(h.link.last().as(TransactionEventRequest.class).seqNo()).isEqualTo(3);
        }
    }

    @Test
    void aLowerCapacityThinsAsMuchAsTheNextCommitNeeds() throws Exception {
        try (Harness h = new Harness(dir, Map.of("capacity", 10))) {
            for (int i = 1; i <= 8; i++) {
                h.commit(Messages.updated(i), MessageKind.DROPPABLE);
            }
            h.outbox.reconfigure(Settings.from(io.galvani.hal.sim.testing.Configs.of(OutboxConfig.class,
                    Map.of("capacity", 4))));
            h.commit(Messages.updated(9), MessageKind.DROPPABLE);
            // Five must go: 1, 3, 5, 7 in the first pass, then 2 as the first of the next.
            assertThat(queued(h)).containsExactly(4, 6, 8, 9);
            assertThat(h.outbox.status().capacity()).isEqualTo(4);

            h.outbox.reconfigure(Settings.from(io.galvani.hal.sim.testing.Configs.of(OutboxConfig.class,
                    Map.of("capacity", 2))));
            h.outbox.commit(OutboxCommit.builder().put("tx", "seqNo", "10").build());
            assertThat(queued(h)).as("a state-only commit needs no room").containsExactly(4, 6, 8, 9);
            assertThat(h.outbox.state("tx")).containsEntry("seqNo", "10");
        }
    }
}
