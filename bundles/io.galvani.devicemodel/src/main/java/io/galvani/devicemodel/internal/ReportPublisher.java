package io.galvani.devicemodel.internal;

import java.util.List;

import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.GenericDeviceModelStatusEnumType;
import io.galvani.ocpp.model.types.ReportDataType;
import io.galvani.station.api.StationClock;

/**
 * What GetBaseReport and GetReport share: the report is taken when the request arrives (a consistent
 * snapshot of the values), split within the DeviceDataCtrlr limits, and sent after the response.
 */
final class ReportPublisher {
    private final DeviceModelService model;
    private final OcppLink link;
    private final StationClock clock;
    private final Reports reports;

    ReportPublisher(DeviceModelService model, OcppLink link, StationClock clock) {
        this.model = model;
        this.link = link;
        this.clock = clock;
        this.reports = new Reports(model);
    }

    Reports reports() {
        return reports;
    }

    /** Accepted and the report queued behind the response, or EmptyResultSet when nothing was selected. */
    GenericDeviceModelStatusEnumType publish(int requestId, List<VariableDefinition> selected, InboundCall call) {
        if (selected.isEmpty()) {
            return GenericDeviceModelStatusEnumType.EmptyResultSet;
        }
        List<ReportDataType> entries = selected.stream().map(reports::entry).toList();
        DeviceModelConfig limits = model.config();
        List<NotifyReportRequest> messages = ReportSender.split(requestId, clock.now(), entries,
                limits.itemsPerMessageGetReport(), limits.bytesPerMessageGetReport());
        call.afterResponse(() -> ReportSender.send(link, messages));
        return GenericDeviceModelStatusEnumType.Accepted;
    }
}
