package io.galvani.reservation.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.ReserveNowRequest;
import io.galvani.ocpp.model.messages.ReserveNowResponse;
import io.galvani.ocpp.model.types.StatusInfoType;

/** ReserveNow (H01): answered from the {@link ReservationDesk}; the EVSE shows Reserved after the answer. */
@Component(service = OcppRequestHandler.class)
public final class ReserveNowHandler implements OcppRequestHandler<ReserveNowRequest, ReserveNowResponse> {
    private final ReservationDesk desk;

    @Activate
    public ReserveNowHandler(@Reference ReservationDesk desk) {
        this.desk = desk;
    }

    @Override
    public Class<ReserveNowRequest> requestType() {
        return ReserveNowRequest.class;
    }

    @Override
    public ReserveNowResponse handle(ReserveNowRequest request, InboundCall call) {
        Answer answer = desk.reserve(Reservation.of(request));
        call.afterResponse(desk::afterAnswer);
        ReserveNowResponse response = ReserveNowResponse.of(answer.status());
        if (answer.reasonCode() == null) {
            return response;
        }
        StatusInfoType info = StatusInfoType.of(answer.reasonCode());
        return response.withStatusInfo(answer.detail() == null ? info : info.withAdditionalInfo(truncate(answer.detail())));
    }

    static String truncate(String s) {
        return s.length() <= 512 ? s : s.substring(0, 512);
    }
}
