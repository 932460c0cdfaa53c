package io.galvani.devicemodel.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetBaseReportRequest;
import io.galvani.ocpp.model.messages.GetBaseReportResponse;
import io.galvani.station.api.StationClock;

/**
 * GetBaseReport (B07): all three base reports are supported. Only a SummaryInventory can be empty;
 * B07 has no status for that, so it is answered EmptyResultSet and no NotifyReport follows.
 */
@Component(service = OcppRequestHandler.class)
public final class GetBaseReportHandler implements OcppRequestHandler<GetBaseReportRequest, GetBaseReportResponse> {
    private final ReportPublisher publisher;

    @Activate
    public GetBaseReportHandler(@Reference DeviceModelService model, @Reference OcppLink link,
            @Reference StationClock clock) {
        this.publisher = new ReportPublisher(model, link, clock);
    }

    @Override
    public Class<GetBaseReportRequest> requestType() {
        return GetBaseReportRequest.class;
    }

    @Override
    public GetBaseReportResponse handle(GetBaseReportRequest request, InboundCall call) {
        return GetBaseReportResponse.of(publisher.publish(request.requestId(),
                publisher.reports().base(request.reportBase()), call));
    }
}
