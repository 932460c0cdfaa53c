package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.ResetRequest;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.ResetEnumType;
import io.galvani.outbox.api.MessageDiscardedException;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxStatus;

/** Delivery in commit order with the E13 retries, on virtual time. Defaults: 3 attempts, 60 s. */
class DeliveryTest {
    private static final Duration JUST_BEFORE = Duration.ofMillis(1);

    @TempDir
    Path dir;

    private static int seqNo(FakeLink.Call c) {
        return c.as(TransactionEventRequest.class).seqNo();
    }

    private static Throwable failure(CompletionStage<OcppResponse> stage) {
        CompletableFuture<OcppResponse> f = stage.toCompletableFuture();
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void sendsInCommitOrderOneAtATimeAndTellsTheSender() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> first = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            CompletionStage<OcppResponse> second = h.commit(Messages.updated(2), MessageKind.DROPPABLE);
            h.commit(Messages.ended(3), MessageKind.TRANSACTION);
            assertThat(h.link.count()).as("the next waits for the answer").isEqualTo(1);
            assertThat(h.outbox.status().inFlight()).isTrue();

            h.link.accept();
            h.settle();
            assertThat(first.toCompletableFuture()).isCompletedWithValueMatching(TransactionEventResponse.class::isInstance);
            assertThat(second.toCompletableFuture()).isNotDone();
            h.link.accept();
            h.settle();
            h.link.accept();
            h.settle();

            assertThat(h.link.calls).extracting(DeliveryTest::seqNo).containsExactly(1, 2, 3);
            assertThat(second.toCompletableFuture()).isCompleted();
            OutboxStatus s = h.outbox.status();
            assertThat(s.queued()).isZero();
            assertThat(s.delivered()).isEqualTo(3);
            assertThat(s.inFlight()).isFalse();
            assertThat(s.oldest()).isNull();
        }
    }

    @Test
    void E13_callErrorsAreRetriedAfterIntervalTimesPrecedingTransmissionsThenDiscarded() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.commit(Messages.updated(2), MessageKind.DROPPABLE);
            String sent = h.link.last().json();

            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            h.advance(Duration.ofSeconds(60).minus(JUST_BEFORE));
            assertThat(h.link.count()).as("E13.FR.03: 60 s × 1").isEqualTo(1);
            h.advance(JUST_BEFORE);
            assertThat(h.link.count()).isEqualTo(2);
            assertThat(h.link.last().json()).as("resent unchanged").isEqualTo(sent);

            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            h.advance(Duration.ofSeconds(120).minus(JUST_BEFORE));
            assertThat(h.link.count()).as("E13.FR.03: 60 s × 2").isEqualTo(2);
            h.advance(JUST_BEFORE);
            assertThat(h.link.count()).isEqualTo(3);
            assertThat(h.link.last().json()).isEqualTo(sent);

            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            // E13.FR.04: discarded, and the next message goes at once.
            assertThat(failure(stage)).isInstanceOf(MessageDiscardedException.class)
                    .hasMessageContaining("3 failed attempt(s)").hasMessageNotContaining(Messages.ID_TOKEN)
                    .cause().isInstanceOf(OcppCallException.class);
            assertThat(h.link.count()).isEqualTo(4);
            assertThat(seqNo(h.link.last())).isEqualTo(2);
            assertThat(h.outbox.status().discarded()).isEqualTo(1);
            assertThat(h.outbox.status().queued()).isEqualTo(1);
        }
    }

    @Test
    void E13_aTimeoutIsAFailedAttemptAndSuccessBeforeTheLastAttemptEndsTheRetries() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.link.timeout();
            h.settle();
            h.advance(Duration.ofSeconds(60));
            assertThat(h.link.count()).isEqualTo(2);
            h.link.accept();
            h.settle();
            assertThat(stage.toCompletableFuture()).isCompleted();
            h.advance(Duration.ofHours(1));
            assertThat(h.link.count()).as("nothing more to send").isEqualTo(2);
            assertThat(h.outbox.status().delivered()).isEqualTo(1);
        }
    }

    @Test
    void E13_laterMessagesWaitWhileTheHeadIsRetried() {
        try (Harness h = new Harness(dir).withLink()) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.link.timeout();
            h.settle();
            h.commit(Messages.updated(2), MessageKind.DROPPABLE);
            h.commit(Messages.ended(3), MessageKind.TRANSACTION);
            h.advance(Duration.ofSeconds(59));
            assertThat(h.link.count()).isEqualTo(1);
            h.advance(Duration.ofSeconds(1));
            assertThat(h.link.calls).extracting(DeliveryTest::seqNo).containsExactly(1, 1);
        }
    }

    @Test
    void retrySettingsApplyFromTheNextFailure() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.outbox.reconfigure(Settings.from(io.galvani.hal.sim.testing.Configs.of(OutboxConfig.class,
                    Map.of("messageAttempts", 2, "messageAttemptIntervalSeconds", 5))));
            h.settle();
            h.link.callError(OcppErrorCode.GenericError);
            h.settle();
            h.advance(Duration.ofSeconds(5));
            assertThat(h.link.count()).isEqualTo(2);
            h.link.callError(OcppErrorCode.GenericError);
            h.settle();
            assertThat(failure(stage)).isInstanceOf(MessageDiscardedException.class);
        }
    }

    @Test
    void aLostConnectionIsNoAttemptAndTheSameMessageGoesAgainAfterReconnection() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            String sent = h.link.last().json();
            for (int i = 0; i < 5; i++) {
                h.link.drop();
                h.settle();
                h.advance(Duration.ofHours(1));
                assertThat(h.link.count()).as("nothing while offline").isEqualTo(i + 1);
                h.link.connected = true;
                h.outbox.linkConnected();
                h.settle();
                assertThat(h.link.count()).isEqualTo(i + 2);
                assertThat(h.link.last().json()).isEqualTo(sent);
            }
            assertThat(h.store.messages().get(0).attempts()).as("drops are not attempts").isZero();
            // Still three real attempts left (E13 counts what the CSMS failed to process).
            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            h.advance(Duration.ofSeconds(60));
            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            h.advance(Duration.ofSeconds(120));
            assertThat(stage.toCompletableFuture()).isNotDone();
            h.link.accept();
            h.settle();
            assertThat(stage.toCompletableFuture()).isCompleted();
        }
    }

    @Test
    void aConnectionFailureWithoutDisconnectionIsRetriedAfterAPauseNotInALoop() {
        try (Harness h = new Harness(dir).withLink()) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            // e.g. the transport's offline queue was full: failed, yet the link still says connected.
            h.link.last().answer().completeExceptionally(new OcppConnectionException("offline queue full"));
            h.settle();
            h.advance(DeliveryLoop.RECONNECT_RECHECK.minus(JUST_BEFORE));
            assertThat(h.link.count()).isEqualTo(1);
            h.advance(JUST_BEFORE);
            assertThat(h.link.count()).isEqualTo(2);
        }
    }

    @Test
    void nothingIsSentWithoutALinkOrWhileDisconnected() {
        try (Harness h = new Harness(dir)) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.advance(Duration.ofMinutes(5));
            h.link.connected = false;
            h.outbox.linkBound(h.link);
            h.advance(Duration.ofMinutes(5));
            assertThat(h.link.count()).isZero();
            assertThat(h.outbox.status().queued()).isEqualTo(1);

            h.link.connected = true;
            h.outbox.linkConnected();
            h.settle();
            assertThat(h.link.count()).isEqualTo(1);
            h.link.accept();
            h.settle();
            assertThat(stage.toCompletableFuture()).isCompleted();
        }
    }

    @Test
    void aConnectedReportThatNeverComesIsCoveredByASlowRecheck() {
        try (Harness h = new Harness(dir)) {
            h.link.connected = false;
            h.outbox.linkBound(h.link);
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.link.connected = true; // and no linkConnected()
            h.advance(DeliveryLoop.LINK_RECHECK);
            assertThat(h.link.count()).isEqualTo(1);
        }
    }

    @Test
    void aMessageInFlightWhenTheLinkIsReplacedGoesThroughTheNewLinkAndTheOldAnswerIsIgnored() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.commit(Messages.updated(2), MessageKind.DROPPABLE);
            FakeLink old = h.link;
            FakeLink replacement = new FakeLink();
            // DS with a greedy dynamic reference: bind the new one, then unbind the old.
            h.outbox.linkBound(replacement);
            h.outbox.linkUnbound(old);
            h.settle();
            assertThat(replacement.count()).isEqualTo(1);
            assertThat(replacement.last().json()).isEqualTo(old.last().json());

            old.accept();
            h.settle();
            assertThat(stage.toCompletableFuture()).as("late answer of the old link ignored").isNotDone();
            assertThat(replacement.count()).isEqualTo(1);

            replacement.accept();
            h.settle();
            assertThat(stage.toCompletableFuture()).isCompleted();
            assertThat(replacement.calls).extracting(DeliveryTest::seqNo).containsExactly(1, 2);
        }
    }

    @Test
    void aLinkThatGoesAwayStopsDeliveryUntilAnotherComes() {
        try (Harness h = new Harness(dir).withLink()) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.link.accept();
            h.settle();
            h.outbox.linkUnbound(h.link);
            h.settle();
            h.commit(Messages.ended(2), MessageKind.TRANSACTION);
            h.advance(Duration.ofMinutes(10));
            assertThat(h.link.count()).isEqualTo(1);
            FakeLink next = new FakeLink();
            h.outbox.linkBound(next);
            h.settle();
            assertThat(next.calls).extracting(DeliveryTest::seqNo).containsExactly(2);
        }
    }

    @Test
    void failedAttemptsSurviveARestartAndTheWaitStartsAgain() {
        try (Harness h = new Harness(dir).withLink()) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
        }
        try (Harness h = new Harness(dir).withLink()) {
            h.advance(Duration.ofSeconds(59));
            assertThat(h.link.count()).as("E13.FR.03 after a restart: 60 s × 1").isZero();
            h.advance(Duration.ofSeconds(1));
            assertThat(h.link.count()).isEqualTo(1);
            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            h.advance(Duration.ofSeconds(120));
            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            assertThat(h.outbox.status().queued()).as("third failure in all: discarded").isZero();
            assertThat(h.outbox.status().discarded()).isEqualTo(1);
        }
    }

    @Test
    void aMessageWhoseAttemptsAreUsedUpIsGivenUpAtStartWithoutSending() {
        try (Harness h = new Harness(dir).withLink()) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.commit(Messages.ended(2), MessageKind.TRANSACTION);
            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
            h.advance(Duration.ofSeconds(60));
            h.link.callError(OcppErrorCode.InternalError);
            h.settle();
        }
        try (Harness h = new Harness(dir, Map.of("messageAttempts", 2)).withLink()) {
            assertThat(h.link.calls).extracting(DeliveryTest::seqNo).containsExactly(2);
            assertThat(h.outbox.status().discarded()).isEqualTo(1);
        }
    }

    @Test
    void aStoredPayloadThatCannotBeReadBackIsGivenUpAndTheQueueMovesOn() throws Exception {
        try (Harness h = new Harness(dir)) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.commit(Messages.ended(2), MessageKind.TRANSACTION);
        }
        try (Connection c = SqliteStoreTest.plain(dir.resolve("outbox").resolve(SqliteStore.FILE_NAME));
                Statement s = c.createStatement()) {
            s.execute("UPDATE message SET payload = '{\"seqNo\":\"damaged\"}' WHERE id = 1");
        }
        try (Harness h = new Harness(dir).withLink()) {
            assertThat(h.link.calls).extracting(DeliveryTest::seqNo).containsExactly(2);
            assertThat(h.outbox.status().discarded()).isEqualTo(1);
        }
    }

    @Test
    void stoppingCancelsTheWaitingStagesAndKeepsTheMessagesForTheNextRun() {
        CompletionStage<OcppResponse> stage;
        try (Harness h = new Harness(dir)) {
            stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
        }
        assertThat(failure(stage)).isInstanceOf(CancellationException.class);
        try (Harness h = new Harness(dir).withLink()) {
            assertThat(h.link.count()).isEqualTo(1);
            assertThat(h.link.last().json()).contains(Messages.TX);
        }
    }

    @Test
    void stagesCannotBeCompletedByTheSender() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            stage.toCompletableFuture().complete(null);
            h.link.accept();
            h.settle();
            assertThat(stage.toCompletableFuture().join()).isInstanceOf(TransactionEventResponse.class);
        }
    }

    @Test
    void aRequestTheStationDoesNotSendOrThatBreaksItsSchemaIsRefusedAndNothingIsStored() {
        try (Harness h = new Harness(dir).withLink()) {
            assertThatThrownBy(() -> h.outbox.commit(OutboxCommit.builder()
                    .message(Messages.started(1), MessageKind.TRANSACTION)
                    .message(ResetRequest.of(ResetEnumType.Immediate), MessageKind.OTHER).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sent by the CSMS");
            String tooLong = "X".repeat(37);
            TransactionEventRequest bad = Messages.started(1).withIdToken(IdTokenType.of(tooLong, IdTokenEnumType.ISO14443));
            assertThatThrownBy(() -> h.outbox.commit(OutboxCommit.builder().message(bad, MessageKind.TRANSACTION)
                    .put("tx", "seqNo", "2").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idToken")
                    .hasMessageNotContaining(tooLong);
            h.settle();
            assertThat(h.link.count()).isZero();
            assertThat(h.outbox.status().queued()).isZero();
            assertThat(h.outbox.state("tx")).isEmpty();
        }
    }

    @Test
    void otherMessagesFollowTheSameRules() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.status(1), MessageKind.OTHER);
            h.link.timeout();
            h.settle();
            h.advance(Duration.ofSeconds(60));
            assertThat(h.link.count()).isEqualTo(2);
            h.link.accept();
            h.settle();
            assertThat(stage.toCompletableFuture()).isCompleted();
        }
    }

    @Test
    void statusCountsAndTheOldestMessage() {
        try (Harness h = new Harness(dir, Map.of("capacity", 50)).withLink()) {
            h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.commit(Messages.updated(2), MessageKind.DROPPABLE);
            OutboxStatus s = h.outbox.status();
            assertThat(s).isEqualTo(new OutboxStatus(2, 50, Messages.T0, 0, 0, true));
            h.link.accept();
            h.settle();
            h.link.timeout();
            h.settle();
            assertThat(h.outbox.status()).isEqualTo(new OutboxStatus(1, 50, Messages.T0, 1, 0, false));
            assertThat(h.outbox.status().toString()).doesNotContain(Messages.ID_TOKEN);
        }
    }

    @Test
    void stateOnlyCommitsSendNothing() {
        try (Harness h = new Harness(dir).withLink()) {
            List<CompletionStage<OcppResponse>> stages = h.outbox.commit(OutboxCommit.builder()
                    .put("tx", "seqNo", "1").build());
            h.settle();
            assertThat(stages).isEmpty();
            assertThat(h.link.count()).isZero();
            assertThat(h.outbox.state("tx")).containsExactly(Map.entry("seqNo", "1"));
        }
    }

    @Test
    void unexpectedFailuresOfTheLinkCountAsAttempts() {
        try (Harness h = new Harness(dir).withLink()) {
            CompletionStage<OcppResponse> stage = h.commit(Messages.started(1), MessageKind.TRANSACTION);
            h.link.last().answer().completeExceptionally(new IllegalStateException("transport bug"));
            h.settle();
            assertThat(h.store.messages().get(0).attempts()).isEqualTo(1);
            assertThat(stage.toCompletableFuture()).isNotDone();
            h.advance(Duration.ofSeconds(60));
            h.link.last().answer().completeExceptionally(new OcppTimeoutException("x"));
            h.settle();
            assertThat(h.store.messages().get(0).attempts()).isEqualTo(2);
        }
    }
}
