package io.galvani.devicemodel.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetBaseReportRequest;
import io.galvani.ocpp.model.messages.GetBaseReportResponse;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.GenericDeviceModelStatusEnumType;
import io.galvani.ocpp.model.types.ReportDataType;
import io.galvani.station.api.StationClock;

/**
 * GetBaseReport (B07): all three base reports are supported. The report is taken when the request
 * arrives (a consistent snapshot of the values) and its NotifyReports go out after the response.
 */
@Component(service = OcppRequestHandler.class)
public final class GetBaseReportHandler implements OcppRequestHandler<GetBaseReportRequest, GetBaseReportResponse> {
    private final DeviceModelService model;
    private final OcppLink link;
    private final StationClock clock;
    private final Reports reports;

    @Activate
    public GetBaseReportHandler(@Reference DeviceModelService model, @Reference OcppLink link,
            @Reference StationClock clock) {
        this.model = model;
        this.link = link;
        this.clock = clock;
        this.reports = new Reports(model);
    }

    @Override
    public Class<GetBaseReportRequest> requestType() {
        return GetBaseReportRequest.class;
    }

    @Override
    public GetBaseReportResponse handle(GetBaseReportRequest request, InboundCall call) {
        List<VariableDefinition> selected = reports.base(request.reportBase());
        if (selected.isEmpty()) {
            // Only a SummaryInventory can be empty; B07 has no EmptyResultSet, so an empty report is
            // not sent and the CSMS is told why.
            return GetBaseReportResponse.of(GenericDeviceModelStatusEnumType.EmptyResultSet);
        }
        List<ReportDataType> entries = selected.stream().map(reports::entry).toList();
        DeviceModelConfig limits = model.config();
        List<NotifyReportRequest> messages = ReportSender.split(request.requestId(), clock.now(), entries,
                limits.itemsPerMessageGetReport(), limits.bytesPerMessageGetReport());
        call.afterResponse(() -> ReportSender.send(link, messages));
        return GetBaseReportResponse.of(GenericDeviceModelStatusEnumType.Accepted);
    }
}
