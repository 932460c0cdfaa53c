package io.galvani.transactions.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.RequestStartTransactionRequest;
import io.galvani.ocpp.model.messages.RequestStartTransactionResponse;
import io.galvani.ocpp.model.types.RequestStartStopStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;

/**
 * RequestStartTransaction (F01, F02). A chargingProfile is ignored here (F01.FR.12, TC_K_38): charging
 * limits are the Smart Charging bundle's, which registers its own handler with a higher ranking when
 * installed.
 */
@Component(service = OcppRequestHandler.class)
public final class RequestStartTransactionHandler
        implements OcppRequestHandler<RequestStartTransactionRequest, RequestStartTransactionResponse> {
    private static final Logger logger = LoggerFactory.getLogger(RequestStartTransactionHandler.class);
    private final TransactionOperations transactions;

    @Activate
    public RequestStartTransactionHandler(@Reference TransactionOperations transactions) {
        this.transactions = transactions;
    }

    @Override
    public Class<RequestStartTransactionRequest> requestType() {
        return RequestStartTransactionRequest.class;
    }

    @Override
    public RequestStartTransactionResponse handle(RequestStartTransactionRequest request, InboundCall call) {
        Integer evseId = request.evseId();
        if (evseId != null && (evseId <= 0 || !transactions.evseExists(evseId))) {
            return rejected("UnknownEvse", "EVSE " + evseId + " does not exist");
        }
        if (request.chargingProfile() != null) {
            logger.info("RequestStartTransaction {}: chargingProfile ignored (no Smart Charging bundle)",
                    request.remoteStartId());
        }
        StartOutcome outcome = transactions.remoteStart(evseId, request.idToken(), request.groupIdToken(),
                request.remoteStartId(), call);
        if (!outcome.accepted()) {
            return rejected("InvalidValue", outcome.reason());
        }
        RequestStartTransactionResponse response = RequestStartTransactionResponse.of(RequestStartStopStatusEnumType.Accepted);
        return outcome.transactionId() == null ? response : response.withTransactionId(outcome.transactionId());
    }

    private static RequestStartTransactionResponse rejected(String code, String detail) {
        return RequestStartTransactionResponse.of(RequestStartStopStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of(code).withAdditionalInfo(truncate(detail)));
    }

    static String truncate(String s) {
        return s == null || s.length() <= 512 ? s : s.substring(0, 512);
    }
}
