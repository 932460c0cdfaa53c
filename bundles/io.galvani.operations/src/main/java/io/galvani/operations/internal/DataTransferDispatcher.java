package io.galvani.operations.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.galvani.ocpp.api.DataTransferHandler;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.DataTransferRequest;
import io.galvani.ocpp.model.messages.DataTransferResponse;
import io.galvani.ocpp.model.types.DataTransferStatusEnumType;

/**
 * Answers DataTransfer from the CSMS (P01) through the {@link DataTransferHandler}s: a vendorId no
 * handler claims is UnknownVendorId (P01.FR.05); a messageId none of that vendor's handlers lists is
 * UnknownMessageId (P01.FR.06); a request without messageId goes to a handler that lists none.
 * Among handlers for the same vendor and message, the best-ranked one answers.
 */
@Component(service = OcppRequestHandler.class)
public final class DataTransferDispatcher implements OcppRequestHandler<DataTransferRequest, DataTransferResponse> {
    private final Whiteboard<DataTransferHandler> handlers = new Whiteboard<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(DataTransferHandler handler, Map<String, Object> properties) {
        handlers.add(handler, properties);
    }

    void removeHandler(DataTransferHandler handler) {
        handlers.remove(handler);
    }

    @Override
    public Class<DataTransferRequest> requestType() {
        return DataTransferRequest.class;
    }

    @Override
    public DataTransferResponse handle(DataTransferRequest request, InboundCall call) throws OcppCallException {
        List<DataTransferHandler> vendor = handlers.services().stream()
                .filter(h -> request.vendorId().equals(h.vendorId())).toList();
        if (vendor.isEmpty()) {
            return DataTransferResponse.of(DataTransferStatusEnumType.UnknownVendorId);
        }
        String messageId = request.messageId();
        Optional<DataTransferHandler> handler = vendor.stream()
                .filter(h -> messageId == null ? h.messageIds().isEmpty() : h.messageIds().contains(messageId))
                .findFirst();
        if (handler.isEmpty()) {
            return DataTransferResponse.of(DataTransferStatusEnumType.UnknownMessageId);
        }
        return handler.get().handle(request, call);
    }
}
