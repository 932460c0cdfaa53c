package io.galvani.transactions.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetTransactionStatusRequest;
import io.galvani.ocpp.model.messages.GetTransactionStatusResponse;

/**
 * GetTransactionStatus (E14): with a transactionId, whether it is ongoing and whether its messages wait
 * in the outbox; without, only whether any transaction message waits (E14.FR.06: no ongoingIndicator).
 */
@Component(service = OcppRequestHandler.class)
public final class GetTransactionStatusHandler
        implements OcppRequestHandler<GetTransactionStatusRequest, GetTransactionStatusResponse> {
    private final TransactionOperations transactions;

    @Activate
    public GetTransactionStatusHandler(@Reference TransactionOperations transactions) {
        this.transactions = transactions;
    }

    @Override
    public Class<GetTransactionStatusRequest> requestType() {
        return GetTransactionStatusRequest.class;
    }

    @Override
    public GetTransactionStatusResponse handle(GetTransactionStatusRequest request, InboundCall call) {
        TransactionStatus status = transactions.status(request.transactionId());
        GetTransactionStatusResponse response = GetTransactionStatusResponse.of(status.messagesInQueue());
        return request.transactionId() == null ? response : response.withOngoingIndicator(status.ongoing());
    }
}
