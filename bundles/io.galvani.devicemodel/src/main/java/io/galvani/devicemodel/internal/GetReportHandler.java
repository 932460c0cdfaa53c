package io.galvani.devicemodel.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetReportRequest;
import io.galvani.ocpp.model.messages.GetReportResponse;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.GenericDeviceModelStatusEnumType;
import io.galvani.ocpp.model.types.ReportDataType;
import io.galvani.station.api.StationClock;

/**
 * GetReport (B08): by componentVariable and/or componentCriteria (all four criteria supported);
 * EmptyResultSet when nothing matches (B08.FR.15).
 */
@Component(service = OcppRequestHandler.class)
public final class GetReportHandler implements OcppRequestHandler<GetReportRequest, GetReportResponse> {
    private final DeviceModelService model;
    private final OcppLink link;
    private final StationClock clock;
    private final Reports reports;

    @Activate
    public GetReportHandler(@Reference DeviceModelService model, @Reference OcppLink link,
            @Reference StationClock clock) {
        this.model = model;
        this.link = link;
        this.clock = clock;
        this.reports = new Reports(model);
    }

    @Override
    public Class<GetReportRequest> requestType() {
        return GetReportRequest.class;
    }

    @Override
    public GetReportResponse handle(GetReportRequest request, InboundCall call) throws OcppCallException {
        DeviceModelConfig limits = model.config();
        int items = request.componentVariable() == null ? 0 : request.componentVariable().size();
        MessageLimits.check("GetReport", items, limits.itemsPerMessageGetReport(), request,
                limits.bytesPerMessageGetReport());
        List<VariableDefinition> selected = reports.custom(request.componentVariable(), request.componentCriteria());
        if (selected.isEmpty()) {
            return GetReportResponse.of(GenericDeviceModelStatusEnumType.EmptyResultSet);
        }
        List<ReportDataType> entries = selected.stream().map(reports::entry).toList();
        List<NotifyReportRequest> messages = ReportSender.split(request.requestId(), clock.now(), entries,
                limits.itemsPerMessageGetReport(), limits.bytesPerMessageGetReport());
        call.afterResponse(() -> ReportSender.send(link, messages));
        return GetReportResponse.of(GenericDeviceModelStatusEnumType.Accepted);
    }
}
