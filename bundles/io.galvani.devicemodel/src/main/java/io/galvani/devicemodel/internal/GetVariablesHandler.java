package io.galvani.devicemodel.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetVariablesRequest;
import io.galvani.ocpp.model.messages.GetVariablesResponse;
import io.galvani.ocpp.model.types.GetVariableDataType;
import io.galvani.ocpp.model.types.GetVariableResultType;

/** GetVariables (B06): one result per requested item, in request order. */
@Component(service = OcppRequestHandler.class)
public final class GetVariablesHandler implements OcppRequestHandler<GetVariablesRequest, GetVariablesResponse> {
    private final DeviceModelService model;

    @Activate
    public GetVariablesHandler(@Reference DeviceModelService model) {
        this.model = model;
    }

    @Override
    public Class<GetVariablesRequest> requestType() {
        return GetVariablesRequest.class;
    }

    @Override
    public GetVariablesResponse handle(GetVariablesRequest request, InboundCall call) throws OcppCallException {
        DeviceModelConfig limits = model.config();
        MessageLimits.check("GetVariables", request.getVariableData().size(), limits.itemsPerMessageGetVariables(),
                request, call, limits.bytesPerMessageGetVariables());
        List<GetVariableResultType> results = new ArrayList<>(request.getVariableData().size());
        for (GetVariableDataType item : request.getVariableData()) {
            VariableRead read = model.read(ComponentKey.of(item.component()), VariableKey.of(item.variable()),
                    item.attributeType());
            results.add(new GetVariableResultType(null, Statuses.info(read.rejection()), read.status(),
                    item.attributeType(), read.value(), item.component(), item.variable()));
        }
        return GetVariablesResponse.of(results);
    }
}
