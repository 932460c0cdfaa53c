package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.DataEnumType;
import io.galvani.ocpp.model.types.MutabilityEnumType;

/** The device-model contribution: SampledDataCtrlr and AlignedDataCtrlr (Part 2 §2.7, Core, TC_B_53). */
class MeteringVariablesTest {
    private final List<VariableDefinition> variables = List.copyOf(new MeteringVariables().variables());

    @Test
    void contributesEveryVariableOfBothControllers() {
        assertThat(variables).extracting(VariableDefinition::toString).containsExactly(
                "SampledDataCtrlr.Enabled", "SampledDataCtrlr.Available", "SampledDataCtrlr.TxStartedMeasurands",
                "SampledDataCtrlr.TxUpdatedMeasurands", "SampledDataCtrlr.TxUpdatedInterval",
                "SampledDataCtrlr.TxEndedMeasurands", "SampledDataCtrlr.TxEndedInterval",
                "SampledDataCtrlr.RegisterValuesWithoutPhases",
                "AlignedDataCtrlr.Enabled", "AlignedDataCtrlr.Available", "AlignedDataCtrlr.Measurands",
                "AlignedDataCtrlr.Interval", "AlignedDataCtrlr.TxEndedMeasurands", "AlignedDataCtrlr.TxEndedInterval",
                "AlignedDataCtrlr.SendDuringIdle");
        assertThat(variables).allSatisfy(v -> {
            assertThat(v.attributes()).containsOnlyKeys(AttributeEnumType.Actual);
            assertThat(v.rebootRequired()).as("%s applies live", v).isFalse();
        });
    }

    @Test
    void writableValuesAreOurConfigurationPropertiesWithItsDefaults() throws Exception {
        int writable = 0;
        for (VariableDefinition v : variables) {
            VariableAttribute actual = v.attributes().get(AttributeEnumType.Actual);
            if (!actual.writable()) {
                continue;
            }
            writable++;
            assertThat(actual.mutability()).isEqualTo(MutabilityEnumType.ReadWrite);
            assertThat(actual.persistent()).isTrue();
            ValueSource.Configured source = (ValueSource.Configured) actual.source();
            assertThat(source.pid()).isEqualTo("io.galvani.metering");
            Object configDefault = MeteringConfig.class.getMethod(source.property()).getDefaultValue();
            assertThat(source.defaultValue()).as(v + " default").isEqualTo(String.valueOf(configDefault));
        }
        assertThat(writable).isEqualTo(13);
        assertThat(Arrays.stream(MeteringConfig.class.getDeclaredMethods()).map(m -> m.getName()))
                .as("every configuration attribute is a variable").hasSize(13);
    }

    @Test
    void defaultsAreSensibleAndTheMeasurandsThoseOfTheReferenceProductsPics_C_40() {
        assertThat(defaultOf("SampledDataCtrlr", "TxStartedMeasurands")).isEqualTo("Energy.Active.Import.Register");
        assertThat(defaultOf("SampledDataCtrlr", "TxUpdatedMeasurands"))
                .isEqualTo("Energy.Active.Import.Register,Power.Active.Import,SoC,Voltage,Current.Import");
        assertThat(defaultOf("SampledDataCtrlr", "TxUpdatedInterval")).isEqualTo("60");
        assertThat(defaultOf("SampledDataCtrlr", "TxEndedMeasurands")).isEqualTo("Energy.Active.Import.Register");
        assertThat(defaultOf("SampledDataCtrlr", "TxEndedInterval")).as("recommended 0").isEqualTo("0");
        assertThat(defaultOf("AlignedDataCtrlr", "Measurands")).isEqualTo("Energy.Active.Import.Register");
        assertThat(defaultOf("AlignedDataCtrlr", "TxEndedMeasurands")).isEqualTo("Energy.Active.Import.Register");
        assertThat(defaultOf("AlignedDataCtrlr", "TxEndedInterval")).isEqualTo("0");
        assertThat(defaultOf("AlignedDataCtrlr", "Interval")).isEqualTo("900");
        assertThat(defaultOf("AlignedDataCtrlr", "SendDuringIdle")).isEqualTo("false");
        assertThat(defaultOf("AlignedDataCtrlr", "Enabled")).isEqualTo("true");
        assertThat(defaultOf("SampledDataCtrlr", "Enabled")).isEqualTo("true");
        assertThat(defaultOf("SampledDataCtrlr", "RegisterValuesWithoutPhases")).isEqualTo("true");
    }

    @Test
    void TC_B_53_measurandListsAreMemberListsOfWhatWeMeasureWithDefaultsInside() {
        List<VariableDefinition> lists = variables.stream()
                .filter(v -> v.variable().name().endsWith("Measurands")).toList();
        assertThat(lists).hasSize(5);
        for (VariableDefinition v : lists) {
            assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.MemberList);
            assertThat(v.characteristics().valuesList()).containsExactly("Energy.Active.Import.Register",
                    "Power.Active.Import", "Voltage", "Current.Import", "SoC");
            assertThat(v.characteristics().maxLimit()).isEqualTo((double) Measurands.maxListLength());
            String def = configured(v).defaultValue();
            assertThat(def).as("C-40: %s has a supported measurand", v).isNotEmpty();
            assertThat(v.characteristics().valuesList()).as("%s default within valuesList", v)
                    .containsAll(List.of(def.split(",")));
            assertThat(Measurands.parse(def)).hasSize(def.split(",").length);
        }
    }

    @Test
    void intervalsAreNonNegativeSeconds() {
        for (String name : List.of("SampledDataCtrlr.TxUpdatedInterval", "SampledDataCtrlr.TxEndedInterval",
                "AlignedDataCtrlr.Interval", "AlignedDataCtrlr.TxEndedInterval")) {
            VariableDefinition v = variable(name.split("\\.")[0], name.split("\\.")[1]);
            assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.integer);
            assertThat(v.characteristics().unit()).isEqualTo("s");
            assertThat(v.characteristics().minLimit()).isEqualTo(0.0);
        }
        assertThat(variable("AlignedDataCtrlr", "Interval").characteristics().maxLimit()).as("a day")
                .isEqualTo(86_400.0);
    }

    @Test
    void flagsAreBooleansAndAvailableIsReadOnlyTrue() {
        for (String c : List.of("SampledDataCtrlr", "AlignedDataCtrlr")) {
            VariableDefinition available = variable(c, "Available");
            VariableAttribute actual = available.attributes().get(AttributeEnumType.Actual);
            assertThat(available.characteristics().dataType()).isEqualTo(DataEnumType._boolean);
            assertThat(actual.mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
            assertThat(actual.source()).isEqualTo(ValueSource.constant("true"));
            assertThat(variable(c, "Enabled").characteristics().dataType()).isEqualTo(DataEnumType._boolean);
        }
        assertThat(variable("AlignedDataCtrlr", "SendDuringIdle").characteristics().dataType())
                .isEqualTo(DataEnumType._boolean);
        assertThat(variable("SampledDataCtrlr", "RegisterValuesWithoutPhases").characteristics().dataType())
                .isEqualTo(DataEnumType._boolean);
    }

    private String defaultOf(String component, String variable) {
        return configured(variable(component, variable)).defaultValue();
    }

    private VariableDefinition variable(String component, String variable) {
        return variables.stream()
                .filter(v -> v.component().equals(ComponentKey.of(component))
                        && v.variable().equals(VariableKey.of(variable)))
                .findFirst().orElseThrow();
    }

    private static ValueSource.Configured configured(VariableDefinition v) {
        return (ValueSource.Configured) v.attributes().get(AttributeEnumType.Actual).source();
    }
}
