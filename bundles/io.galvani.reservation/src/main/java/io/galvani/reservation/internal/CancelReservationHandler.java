package io.galvani.reservation.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.CancelReservationRequest;
import io.galvani.ocpp.model.messages.CancelReservationResponse;
import io.galvani.ocpp.model.types.CancelReservationStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;

/**
 * CancelReservation (H02): Accepted and the EVSE Available again (after the answer) for a known id, Rejected
 * for an unknown one (H02.FR.01). No ReservationStatusUpdate: the CSMS cancelled it, it knows.
 */
@Component(service = OcppRequestHandler.class)
public final class CancelReservationHandler
        implements OcppRequestHandler<CancelReservationRequest, CancelReservationResponse> {
    private final ReservationDesk desk;

    @Activate
    public CancelReservationHandler(@Reference ReservationDesk desk) {
        this.desk = desk;
    }

    @Override
    public Class<CancelReservationRequest> requestType() {
        return CancelReservationRequest.class;
    }

    @Override
    public CancelReservationResponse handle(CancelReservationRequest request, InboundCall call) {
        if (!desk.cancel(request.reservationId())) {
            return CancelReservationResponse.of(CancelReservationStatusEnumType.Rejected).withStatusInfo(
                    StatusInfoType.of("UnknownReservation").withAdditionalInfo(
                            "no reservation " + request.reservationId()));
        }
        call.afterResponse(desk::afterAnswer);
        return CancelReservationResponse.of(CancelReservationStatusEnumType.Accepted);
    }
}
