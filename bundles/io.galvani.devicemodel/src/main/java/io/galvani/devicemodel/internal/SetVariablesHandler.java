package io.galvani.devicemodel.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.VariableWrite;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.SetVariablesRequest;
import io.galvani.ocpp.model.messages.SetVariablesResponse;
import io.galvani.ocpp.model.types.SetVariableDataType;
import io.galvani.ocpp.model.types.SetVariableResultType;

/**
 * SetVariables (B05): every item is checked on its own; the accepted ones are stored together (one
 * configuration update per owning component) before the response goes out, so that a CSMS that
 * reads back right after the response sees the new values.
 */
@Component(service = OcppRequestHandler.class)
public final class SetVariablesHandler implements OcppRequestHandler<SetVariablesRequest, SetVariablesResponse> {
    private static final Logger logger = LoggerFactory.getLogger(SetVariablesHandler.class);
    private final DeviceModelService model;

    @Activate
    public SetVariablesHandler(@Reference DeviceModelService model) {
        this.model = model;
    }

    @Override
    public Class<SetVariablesRequest> requestType() {
        return SetVariablesRequest.class;
    }

    @Override
    public SetVariablesResponse handle(SetVariablesRequest request, InboundCall call) throws OcppCallException {
        DeviceModelConfig limits = model.config();
        List<SetVariableDataType> data = request.setVariableData();
        MessageLimits.check("SetVariables", data.size(), limits.itemsPerMessageSetVariables(), request, call,
                limits.bytesPerMessageSetVariables());
        List<DeviceModelService.WriteItem> items = new ArrayList<>(data.size());
        for (SetVariableDataType d : data) {
            items.add(new DeviceModelService.WriteItem(ComponentKey.of(d.component()), VariableKey.of(d.variable()),
                    d.attributeType(), d.attributeValue()));
        }
        List<VariableWrite> written = model.writeAll(items);
        List<SetVariableResultType> results = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            SetVariableDataType d = data.get(i);
            VariableWrite w = written.get(i);
            // The value is not logged: it may be a secret (BasicAuthPassword).
            logger.info("SetVariables {}.{}{} -> {}", ComponentKey.of(d.component()), VariableKey.of(d.variable()),
                    d.attributeType() == null ? "" : "/" + d.attributeType(), w.status());
            results.add(new SetVariableResultType(null, d.attributeType(), w.status(), Statuses.info(w.rejection()),
                    d.component(), d.variable()));
        }
        return SetVariablesResponse.of(results);
    }
}
