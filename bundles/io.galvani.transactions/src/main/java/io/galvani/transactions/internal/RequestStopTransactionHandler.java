package io.galvani.transactions.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.RequestStopTransactionRequest;
import io.galvani.ocpp.model.messages.RequestStopTransactionResponse;
import io.galvani.ocpp.model.types.RequestStartStopStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;

/** RequestStopTransaction (F03): Accepted for a running transaction, which then ends with RemoteStop / Remote. */
@Component(service = OcppRequestHandler.class)
public final class RequestStopTransactionHandler
        implements OcppRequestHandler<RequestStopTransactionRequest, RequestStopTransactionResponse> {
    private final TransactionOperations transactions;

    @Activate
    public RequestStopTransactionHandler(@Reference TransactionOperations transactions) {
        this.transactions = transactions;
    }

    @Override
    public Class<RequestStopTransactionRequest> requestType() {
        return RequestStopTransactionRequest.class;
    }

    @Override
    public RequestStopTransactionResponse handle(RequestStopTransactionRequest request, InboundCall call) {
        if (transactions.remoteStop(request.transactionId(), call)) {
            return RequestStopTransactionResponse.of(RequestStartStopStatusEnumType.Accepted);
        }
        return RequestStopTransactionResponse.of(RequestStartStopStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of("InvalidValue")
                        .withAdditionalInfo("no running transaction " + request.transactionId()));
    }
}
