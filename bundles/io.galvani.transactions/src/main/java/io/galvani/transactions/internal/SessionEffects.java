package io.galvani.transactions.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.hal.api.MeterReading;
import io.galvani.metering.api.TransactionSample;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.transactions.api.SessionView;

/**
 * Everything an {@link EvseSession} does to the world, so that its rules are tested without OSGi,
 * hardware or network. Every callback ({@code then}, scheduled tasks, responses) runs on the
 * transaction thread, like the session's own methods.
 */
interface SessionEffects {

    Instant now();

    /** Whether the OCPP link is up (the TransactionEvent offline flag). */
    boolean online();

    TxSettings settings();

    /** SampledDataCtrlr.TxUpdatedInterval (zero: none). */
    Duration txUpdatedInterval();

    /** SampledDataCtrlr.TxEndedInterval (zero: none). */
    Duration txEndedInterval();

    /** AlignedDataCtrlr.TxEndedInterval (zero: none). */
    Duration alignedTxEndedInterval();

    /**
     * Stores {@code event} for delivery together with {@code record} (null: the transaction is over and
     * its record removed) in one durable commit.
     *
     * @throws RuntimeException when it could not be stored: then nothing was
     */
    void emit(int evseId, TransactionRecord record, TransactionEventRequest event, MessageKind kind,
            Consumer<TransactionEventResponse> onResponse);

    /** Stores {@code record} alone (e.g. a meter sample collected for the Ended event). */
    void persist(TransactionRecord record);

    Optional<MeterValueType> sample(int evseId, TransactionSample kind, Instant at);

    Optional<MeterReading> reading(int evseId);

    /** Asks the authorization service; {@code then} runs on the transaction thread. */
    void authorize(IdTokenType token, int evseId, Consumer<AuthorizationResult> then);

    /** Reports idTokenInfo from a TransactionEventResponse to the authorization service (cache). */
    void idTokenInfo(IdTokenType token, IdTokenInfoType info);

    /** Asks the {@link io.galvani.transactions.api.TransactionGate}s whether {@code token} may use the EVSE. */
    GateAnswer admit(int evseId, IdTokenType token, IdTokenType groupIdToken);

    /** The session went ahead with {@code answer}: its claimant's claim is used up (H03.FR.09). */
    void consumed(int evseId, GateAnswer answer);

    /** The event carrying {@code answer}'s reservationId for {@code transactionId} is stored. */
    void reported(int evseId, GateAnswer answer, String transactionId);

    /** Closes the power path (cabinet start) with the cabinet's full rating as the limit. */
    void startPower(int evseId);

    void stopPower(int evseId);

    /** Locks or unlocks the connector's cable (no-op for a fixed cable). */
    void lock(int evseId, int connectorId, boolean locked);

    /** Connector.UnlockOnEVSideDisconnect of the device model (C-12). */
    boolean unlockOnEvSideDisconnect();

    /** Runs {@code task} once after {@code delay}; the result cancels it. */
    Runnable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} every {@code period}; when {@code clockAligned}, at the multiples of the period
     * since midnight UTC. The result cancels it.
     */
    Runnable repeat(Duration period, boolean clockAligned, Runnable task);

    /** The session view changed. */
    void changed(SessionView view);

    /** A transactionId never used before on this station (E01.FR.08). */
    String newTransactionId();
}
