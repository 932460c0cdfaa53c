package io.galvani.devicemodel.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.ValueSource;

/**
 * The device model's own component, DeviceDataCtrlr: the message limits, read-only to the CSMS and
 * configured by the station builder under PID {@value DeviceModelService#PID}.
 */
@Component
public final class DeviceDataContribution implements DeviceModelContribution {
    static final ComponentKey DEVICE_DATA = ComponentKey.of("DeviceDataCtrlr");

    @Override
    public Collection<VariableDefinition> variables() {
        return List.of(
                limit(VariableKey.of("ItemsPerMessage", "GetReport"), "itemsPerMessageGetReport", 50, null),
                limit(VariableKey.of("ItemsPerMessage", "GetVariables"), "itemsPerMessageGetVariables", 50, null),
                limit(VariableKey.of("ItemsPerMessage", "SetVariables"), "itemsPerMessageSetVariables", 50, null),
                limit(VariableKey.of("BytesPerMessage", "GetReport"), "bytesPerMessageGetReport", 16384, null),
                limit(VariableKey.of("BytesPerMessage", "GetVariables"), "bytesPerMessageGetVariables", 16384, null),
                limit(VariableKey.of("BytesPerMessage", "SetVariables"), "bytesPerMessageSetVariables", 16384, null),
                limit(VariableKey.of("ConfigurationValueSize"), "configurationValueSize", 1000, 1000.0),
                limit(VariableKey.of("ReportingValueSize"), "reportingValueSize", 2500, 2500.0),
                VariableDefinition.builder(DEVICE_DATA, VariableKey.of("Enabled"), Characteristics.bool())
                        .actual(VariableAttribute.readOnly(ValueSource.constant("true"))).build());
    }

    private static VariableDefinition limit(VariableKey variable, String property, int defaultValue, Double max) {
        Characteristics c = Characteristics.integer().withMin(1);
        return VariableDefinition.builder(DEVICE_DATA, variable, max == null ? c : c.withMax(max))
                .actual(VariableAttribute.readOnly(
                        ValueSource.configured(DeviceModelService.PID, property, Integer.toString(defaultValue))))
                .build();
    }
}
