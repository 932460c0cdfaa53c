package io.galvani.devicemodel.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetReportRequest;
import io.galvani.ocpp.model.messages.GetReportResponse;
import io.galvani.station.api.StationClock;

/**
 * GetReport (B08): by componentVariable and/or componentCriteria (all four criteria supported);
 * EmptyResultSet when nothing matches (B08.FR.15).
 */
@Component(service = OcppRequestHandler.class)
public final class GetReportHandler implements OcppRequestHandler<GetReportRequest, GetReportResponse> {
    private final DeviceModelService model;
    private final ReportPublisher publisher;

    @Activate
    public GetReportHandler(@Reference DeviceModelService model, @Reference OcppLink link,
            @Reference StationClock clock) {
        this.model = model;
        this.publisher = new ReportPublisher(model, link, clock);
    }

    @Override
    public Class<GetReportRequest> requestType() {
        return GetReportRequest.class;
    }

    @Override
    public GetReportResponse handle(GetReportRequest request, InboundCall call) throws OcppCallException {
        DeviceModelConfig limits = model.config();
        int items = request.componentVariable() == null ? 0 : request.componentVariable().size();
        MessageLimits.check("GetReport", items, limits.itemsPerMessageGetReport(), request, call,
                limits.bytesPerMessageGetReport());
        return GetReportResponse.of(publisher.publish(request.requestId(),
                publisher.reports().custom(request.componentVariable(), request.componentCriteria()), call));
    }
}
