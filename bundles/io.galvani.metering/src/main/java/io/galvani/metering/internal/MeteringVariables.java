package io.galvani.metering.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/**
 * The device-model variables of SampledDataCtrlr and AlignedDataCtrlr (Part 2 §2.7, both mandatory for
 * Core). The writable ones are properties of PID {@value MeteringComponent#PID}, which
 * {@link MeteringComponent} applies in {@code @Modified}; their defaults are read from {@link MeteringConfig},
 * so the two cannot drift apart. A component of its own, needing nothing, so the device model reports the
 * variables even while the metering component waits for its references.
 *
 * <p>Measurand lists are MemberLists whose valuesList is what the meters measure ({@link Measurands#SUPPORTED});
 * the device model rejects anything else. Variable names follow the appendix CSV (TxEndedInterval; the
 * Part 2 tables spell it TxEndInterval in places).
 */
@Component(service = DeviceModelContribution.class)
public final class MeteringVariables implements DeviceModelContribution {
    static final ComponentKey SAMPLED_DATA_CTRLR = ComponentKey.of("SampledDataCtrlr");
    static final ComponentKey ALIGNED_DATA_CTRLR = ComponentKey.of("AlignedDataCtrlr");
    /** Longest clock-aligned interval: the intervals divide a day (§2.7.12). */
    static final int MAX_ALIGNED_INTERVAL = 86_400;

    private static final List<VariableDefinition> VARIABLES = definitions();

    @Override
    public Collection<VariableDefinition> variables() {
        return VARIABLES;
    }

    static List<VariableDefinition> definitions() {
        return List.of(
                flag(SAMPLED_DATA_CTRLR, "Enabled", "sampledEnabled"),
                available(SAMPLED_DATA_CTRLR),
                measurands(SAMPLED_DATA_CTRLR, "TxStartedMeasurands", "sampledTxStartedMeasurands"),
                measurands(SAMPLED_DATA_CTRLR, "TxUpdatedMeasurands", "sampledTxUpdatedMeasurands"),
                seconds(SAMPLED_DATA_CTRLR, "TxUpdatedInterval", "sampledTxUpdatedIntervalSeconds", Integer.MAX_VALUE),
                measurands(SAMPLED_DATA_CTRLR, "TxEndedMeasurands", "sampledTxEndedMeasurands"),
                seconds(SAMPLED_DATA_CTRLR, "TxEndedInterval", "sampledTxEndedIntervalSeconds", Integer.MAX_VALUE),
                flag(SAMPLED_DATA_CTRLR, "RegisterValuesWithoutPhases", "sampledRegisterValuesWithoutPhases"),
                flag(ALIGNED_DATA_CTRLR, "Enabled", "alignedEnabled"),
                available(ALIGNED_DATA_CTRLR),
                measurands(ALIGNED_DATA_CTRLR, "Measurands", "alignedMeasurands"),
                seconds(ALIGNED_DATA_CTRLR, "Interval", "alignedIntervalSeconds", MAX_ALIGNED_INTERVAL),
                measurands(ALIGNED_DATA_CTRLR, "TxEndedMeasurands", "alignedTxEndedMeasurands"),
                seconds(ALIGNED_DATA_CTRLR, "TxEndedInterval", "alignedTxEndedIntervalSeconds", MAX_ALIGNED_INTERVAL),
                flag(ALIGNED_DATA_CTRLR, "SendDuringIdle", "alignedSendDuringIdle"));
    }

    private static VariableDefinition measurands(ComponentKey component, String name, String property) {
        return VariableDefinition.builder(component, VariableKey.of(name),
                Characteristics.memberList(Measurands.valuesList()).withMax(Measurands.maxListLength()))
                .actual(readWrite(property))
                .build();
    }

    private static VariableDefinition seconds(ComponentKey component, String name, String property, int max) {
        return VariableDefinition.builder(component, VariableKey.of(name),
                Characteristics.integer().withUnit("s").withMin(0).withMax(max))
                .actual(readWrite(property))
                .build();
    }

    private static VariableDefinition flag(ComponentKey component, String name, String property) {
        return VariableDefinition.builder(component, VariableKey.of(name), Characteristics.bool())
                .actual(readWrite(property))
                .build();
    }

    /** Available: the controller is supported (read-only, always true). */
    private static VariableDefinition available(ComponentKey component) {
        return VariableDefinition.builder(component, VariableKey.of("Available"), Characteristics.bool())
                .actual(VariableAttribute.readOnly(ValueSource.constant("true")))
                .build();
    }

    private static VariableAttribute readWrite(String property) {
        return VariableAttribute.readWrite(MeteringComponent.PID, property, defaultOf(property));
    }

    /** The default of a {@link MeteringConfig} attribute, as text. */
    static String defaultOf(String attribute) {
        try {
            return String.valueOf(MeteringConfig.class.getMethod(attribute).getDefaultValue());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("MeteringConfig has no attribute " + attribute, e);
        }
    }
}
