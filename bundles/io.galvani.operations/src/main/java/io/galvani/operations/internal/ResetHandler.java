package io.galvani.operations.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.ResetRequest;
import io.galvani.ocpp.model.messages.ResetResponse;
import io.galvani.ocpp.model.types.ResetStatusEnumType;

/** Answers Reset (B11/B12); the reboot or EVSE reset starts only after the response went out. */
@Component(service = OcppRequestHandler.class)
public final class ResetHandler implements OcppRequestHandler<ResetRequest, ResetResponse> {
    private final Operations operations;

    @Activate
    public ResetHandler(@Reference Operations operations) {
        this.operations = operations;
    }

    @Override
    public Class<ResetRequest> requestType() {
        return ResetRequest.class;
    }

    @Override
    public ResetResponse handle(ResetRequest request, InboundCall call) {
        Outcome outcome = operations.reset(request.type(), request.evseId(), ResetManager.Origin.CSMS,
                call::afterResponse);
        return ResetResponse.of(ResetStatusEnumType.fromValue(outcome.status().name()))
                .withStatusInfo(OcppStatus.info(outcome));
    }
}
