package io.galvani.devicemodel.internal;

import java.lang.reflect.Method;
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
                limit(VariableKey.of("ItemsPerMessage", "GetReport"), "itemsPerMessageGetReport", null),
                limit(VariableKey.of("ItemsPerMessage", "GetVariables"), "itemsPerMessageGetVariables", null),
                limit(VariableKey.of("ItemsPerMessage", "SetVariables"), "itemsPerMessageSetVariables", null),
                limit(VariableKey.of("BytesPerMessage", "GetReport"), "bytesPerMessageGetReport", null),
                limit(VariableKey.of("BytesPerMessage", "GetVariables"), "bytesPerMessageGetVariables", null),
                limit(VariableKey.of("BytesPerMessage", "SetVariables"), "bytesPerMessageSetVariables", null),
                limit(VariableKey.of("ConfigurationValueSize"), "configurationValueSize", 1000.0),
                limit(VariableKey.of("ReportingValueSize"), "reportingValueSize", 2500.0),
                VariableDefinition.builder(DEVICE_DATA, VariableKey.of("Enabled"), Characteristics.bool())
                        .actual(VariableAttribute.readOnly(ValueSource.constant("true"))).build());
    }

    /**
     * A limit kept as {@code property} of {@link DeviceModelConfig}; its default is taken from the
     * attribute itself, so the reported default cannot drift from the one the handlers apply.
     */
    private static VariableDefinition limit(VariableKey variable, String property, Double max) {
        Method attribute;
        try {
            attribute = DeviceModelConfig.class.getMethod(property);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("DeviceModelConfig has no attribute " + property, e);
        }
        Characteristics c = Characteristics.integer().withMin(1);
        return VariableDefinition.builder(DEVICE_DATA, variable, max == null ? c : c.withMax(max))
                .actual(VariableAttribute.readOnly(ValueSource.configured(DeviceModelService.PID, property,
                        String.valueOf(attribute.getDefaultValue()))))
                .build();
    }
}
