package io.galvani.operations.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.ChangeAvailabilityRequest;
import io.galvani.ocpp.model.messages.ChangeAvailabilityResponse;
import io.galvani.ocpp.model.types.ChangeAvailabilityStatusEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.OperationalStatusEnumType;

/**
 * Answers ChangeAvailability (G03/G04): no evse (or evse id 0 without connector) = the station,
 * evse id = that EVSE, evse id + connectorId = that connector.
 */
@Component(service = OcppRequestHandler.class)
public final class ChangeAvailabilityHandler
        implements OcppRequestHandler<ChangeAvailabilityRequest, ChangeAvailabilityResponse> {
    private final Operations operations;

    @Activate
    public ChangeAvailabilityHandler(@Reference Operations operations) {
        this.operations = operations;
    }

    @Override
    public Class<ChangeAvailabilityRequest> requestType() {
        return ChangeAvailabilityRequest.class;
    }

    @Override
    public ChangeAvailabilityResponse handle(ChangeAvailabilityRequest request, InboundCall call) {
        Outcome outcome = scope(request.evse())
                .map(s -> operations.changeAvailability(s,
                        request.operationalStatus() == OperationalStatusEnumType.Inoperative))
                .orElseGet(() -> Outcome.rejected("InvalidValue", "evse " + describe(request.evse())
                        + " is not a station, EVSE or connector"));
        return ChangeAvailabilityResponse.of(ChangeAvailabilityStatusEnumType.fromValue(outcome.status().name()))
                .withStatusInfo(OcppStatus.info(outcome));
    }

    static java.util.Optional<Scope> scope(EVSEType evse) {
        if (evse == null) {
            return java.util.Optional.of(Scope.STATION);
        }
        Integer connector = evse.connectorId();
        if (evse.id() < 0 || (connector != null && connector <= 0) || (evse.id() == 0 && connector != null)) {
            return java.util.Optional.empty();
        }
        if (evse.id() == 0) {
            return java.util.Optional.of(Scope.STATION);
        }
        return java.util.Optional.of(connector == null ? Scope.evse(evse.id()) : Scope.connector(evse.id(), connector));
    }

    private static String describe(EVSEType evse) {
        return evse.id() + (evse.connectorId() == null ? "" : "/" + evse.connectorId());
    }
}
