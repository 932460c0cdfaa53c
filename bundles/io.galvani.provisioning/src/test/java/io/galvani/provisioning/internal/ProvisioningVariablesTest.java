package io.galvani.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
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

/**
 * The device-model contribution: OCPPCommCtrlr.HeartbeatInterval/OfflineThreshold, ClockCtrlr.DateTime/TimeSource/
 * TimeAdjustmentReportingThreshold.
 */
class ProvisioningVariablesTest {
    private final FakeClock clock = new FakeClock();
    private final List<VariableDefinition> variables = List.copyOf(new ProvisioningVariables(clock, "0.1.0").variables());

    @Test
    void contributesItsSixVariablesWithActualOnly() {
        assertThat(variables).extracting(VariableDefinition::toString).containsExactly(
                "OCPPCommCtrlr.HeartbeatInterval", "OCPPCommCtrlr.OfflineThreshold", "ClockCtrlr.DateTime",
                "ClockCtrlr.TimeSource", "ClockCtrlr.TimeAdjustmentReportingThreshold", "ChargingStation.FirmwareVersion");
        assertThat(variables).allSatisfy(v -> {
            assertThat(v.attributes()).containsOnlyKeys(AttributeEnumType.Actual);
            assertThat(v.rebootRequired()).isFalse();
        });
    }

    @Test
    void writableValuesAreOurConfigurationPropertiesWithItsDefaults() throws Exception {
        for (VariableDefinition v : variables) {
            VariableAttribute actual = v.attributes().get(AttributeEnumType.Actual);
            if (!actual.writable()) {
                continue;
            }
            assertThat(actual.mutability()).isEqualTo(MutabilityEnumType.ReadWrite);
            assertThat(actual.persistent()).as("B05: writable variables are persistent").isTrue();
            ValueSource.Configured source = (ValueSource.Configured) actual.source();
            assertThat(source.pid()).isEqualTo("io.galvani.provisioning");
            Object configDefault = ProvisioningConfig.class.getMethod(source.property()).getDefaultValue();
            assertThat(source.defaultValue()).as(v + " default").isEqualTo(String.valueOf(configDefault));
        }
    }

    @Test
    void firmwareVersionIsTheConfiguredOneElseTheBundleVersion_readOnly() {
        VariableDefinition v = variable("ChargingStation", "FirmwareVersion");
        VariableAttribute actual = v.attributes().get(AttributeEnumType.Actual);
        assertThat(actual.writable()).isFalse();
        assertThat(configured(v)).extracting(ValueSource.Configured::pid, ValueSource.Configured::property,
                ValueSource.Configured::defaultValue).containsExactly("io.galvani.provisioning", "firmwareVersion", "0.1.0");
    }

    @Test
    void heartbeatIntervalIsAnIntegerOfAtLeastOneSecond() {
        VariableDefinition v = variable("OCPPCommCtrlr", "HeartbeatInterval");
        assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.integer);
        assertThat(v.characteristics().unit()).isEqualTo("s");
        assertThat(v.characteristics().minLimit()).isEqualTo(1.0);
        assertThat(configured(v)).extracting(ValueSource.Configured::property, ValueSource.Configured::defaultValue)
                .containsExactly("heartbeatIntervalSeconds", "300");
    }

    @Test
    void offlineThresholdIsANonNegativeIntegerInSeconds() {
        VariableDefinition v = variable("OCPPCommCtrlr", "OfflineThreshold");
        assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.integer);
        assertThat(v.characteristics().unit()).isEqualTo("s");
        assertThat(v.characteristics().minLimit()).isEqualTo(0.0);
        assertThat(configured(v).property()).isEqualTo("offlineThresholdSeconds");
    }

    @Test
    void dateTimeIsTheStationClockLiveInUtc() {
        VariableDefinition v = variable("ClockCtrlr", "DateTime");
        VariableAttribute actual = v.attributes().get(AttributeEnumType.Actual);
        assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.dateTime);
        assertThat(actual.mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
        assertThat(actual.persistent()).isFalse();
        ValueSource.Live live = (ValueSource.Live) actual.source();

        clock.set(Instant.parse("2031-02-03T04:05:06.789123Z"));
        assertThat(live.value().get()).isEqualTo("2031-02-03T04:05:06.789Z");
        clock.set(Instant.parse("2031-02-03T04:05:07Z"));
        String later = live.value().get();
        assertThat(later).isEqualTo("2031-02-03T04:05:07.000Z");
        assertThat(OffsetDateTime.parse(later).toInstant()).isEqualTo(clock.now());
    }

    @Test
    void timeSourceIsASequenceListOfHeartbeat() {
        VariableDefinition v = variable("ClockCtrlr", "TimeSource");
        assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.SequenceList);
        assertThat(v.characteristics().valuesList()).containsExactly("Heartbeat");
        ValueSource.Configured source = configured(v);
        assertThat(source.property()).isEqualTo("timeSource");
        assertThat(v.characteristics().valuesList()).as("TC_B_53: value within valuesList")
                .contains(source.defaultValue());
        assertThat(v.validator().check("Heartbeat")).isEmpty();
        assertThat(v.validator().check("")).get().satisfies(r -> {
            assertThat(r.reasonCode()).isEqualTo("InvalidValue");
            assertThat(r.detail()).contains("ClockCtrlr.TimeSource");
        });
    }

    @Test
    void timeAdjustmentReportingThresholdIsANonNegativeIntegerInSecondsTwentyByDefault() {
        VariableDefinition v = variable("ClockCtrlr", "TimeAdjustmentReportingThreshold");
        assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.integer);
        assertThat(v.characteristics().unit()).isEqualTo("s");
        assertThat(v.characteristics().minLimit()).isEqualTo(0.0);
        assertThat(v.attributes().get(AttributeEnumType.Actual).mutability()).isEqualTo(MutabilityEnumType.ReadWrite);
        assertThat(configured(v)).extracting(ValueSource.Configured::property, ValueSource.Configured::defaultValue)
                .containsExactly("timeAdjustmentReportingThresholdSeconds", "20");
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
