package io.galvani.outbox.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import io.galvani.ocpp.model.OcppResponse;

/**
 * Crash-safe, ordered delivery of OCPP messages to the CSMS (E04, E13, J02.FR.12/13, C-21).
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #commit} stores its messages and state changes in one durable transaction and returns
 * once that transaction is on disk: after it returns, a kill -9 or power cut loses none of it, and
 * before it returns none of it is visible. Senders keep their recovery state (e.g. a transaction's
 * next seqNo) in the same commit as the message it belongs to, so that state and messages never
 * disagree after a crash.</li>
 * <li>Messages are sent in commit order, one at a time, each only after the previous one was
 * answered or given up; while the CSMS is unreachable (or the registration gate holds messages)
 * they wait on disk.</li>
 * <li>A message is removed once the CSMS answered it with a CALLRESULT. A CALLERROR or a timeout
 * counts as a failed attempt; after {@link MessageKind}'s attempts (OCPPCommCtrlr
 * MessageAttemptsTransactionEvent, MessageAttemptIntervalTransactionEvent × attempt number between
 * them) it is discarded and logged. A lost connection is not an attempt: the message is sent again,
 * unchanged, after reconnection (so the CSMS may see an identical resend).</li>
 * <li>The store is bounded; when full, {@link MessageKind#DROPPABLE} messages are thinned (every
 * other one, oldest first, J02.FR.13) before anything else, and a commit that still does not fit is
 * refused with {@link OutboxFullException}.</li>
 * </ul>
 */
@ProviderType
public interface Outbox {

    /**
     * Durably stores {@code commit}; see the class contract.
     *
     * @return one stage per message of the commit, in order, completing (on the outbox's delivery
     *         thread; do not block in it) with the CSMS's response, or exceptionally with
     *         {@link MessageDiscardedException} when it was given up or thinned. Only messages
     *         committed in this run have a waiting stage: after a restart, delivery continues but
     *         nobody hears of the answers.
     * @throws OutboxFullException when the commit does not fit in the store even after thinning
     * @throws OutboxStorageException when the store cannot write (I/O error, disk full)
     */
    List<CompletionStage<OcppResponse>> commit(OutboxCommit commit);

    /** The state of {@code namespace} as last committed (key → value), e.g. to recover after a restart. */
    Map<String, String> state(String namespace);

    /** Queue figures for operators, the console and telemetry. */
    OutboxStatus status();

    /**
     * OCPPCommCtrlr.QueueAllMessages (C-21): whether senders of messages other than transaction messages
     * (MeterValues, StatusNotification, …) should commit them here as {@link MessageKind#OTHER} rather than
     * hand them to the link, so that they too survive a power cut and wait for the CSMS.
     *
     * @since 1.1
     */
    boolean queueAllMessages();
}
