package io.galvani.transactions.internal;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.types.IdTokenType;

/** What the OCPP handlers of this bundle ask of the {@link TransactionManager}. Internal service. */
public interface TransactionOperations {

    /**
     * RequestStartTransaction on {@code evseId} (null: the first EVSE without a transaction): the answer
     * now, the start once the response is out ({@code call.afterResponse}).
     */
    StartOutcome remoteStart(Integer evseId, IdTokenType idToken, IdTokenType groupIdToken, int remoteStartId,
            InboundCall call);

    /** RequestStopTransaction: whether the transaction runs here; it is stopped once the response is out. */
    boolean remoteStop(String transactionId, InboundCall call);

    /**
     * TriggerMessage(TransactionEvent) for {@code evseId} (null or 0: all): whether any transaction runs;
     * the events go out after the response (F06.FR.04).
     */
    boolean trigger(Integer evseId, InboundCall call);

    /** GetTransactionStatus (E14); {@code transactionId} null: only whether messages are queued. */
    TransactionStatus status(String transactionId);

    boolean evseExists(int evseId);
}
