package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.model.types.MutabilityEnumType;
import io.galvani.operations.internal.DeviceModelVariables.ConnectorShape;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

class DeviceModelVariablesTest {

    private static Map<String, VariableDefinition> byName(List<VariableDefinition> defs) {
        return defs.stream().collect(Collectors.toMap(VariableDefinition::toString, Function.identity()));
    }

    private static String value(VariableDefinition d) {
        ValueSource s = d.attributes().values().iterator().next().source();
        if (s instanceof ValueSource.Constant c) {
            return c.value();
        }
        if (s instanceof ValueSource.Live l) {
            return l.value().get();
        }
        return ((ValueSource.Configured) s).defaultValue();
    }

    @Test
    void station_requiredVariables_andOcppCommCtrlr() {
        Map<String, VariableDefinition> v = byName(DeviceModelVariables.station(() -> "Available"));
        assertThat(v).containsOnlyKeys("ChargingStation.Available", "ChargingStation.AvailabilityState",
                "ChargingStation.SupplyPhases", "OCPPCommCtrlr.ResetRetries", "OCPPCommCtrlr.UnlockOnEVSideDisconnect");
        assertThat(value(v.get("ChargingStation.SupplyPhases"))).isEqualTo("0");
        assertThat(value(v.get("ChargingStation.AvailabilityState"))).isEqualTo("Available");
        VariableDefinition retries = v.get("OCPPCommCtrlr.ResetRetries");
        assertThat(retries.attributes().values().iterator().next().mutability()).isEqualTo(MutabilityEnumType.ReadWrite);
        assertThat(retries.attributes().values().iterator().next().source())
                .isEqualTo(ValueSource.configured("io.galvani.operations", "resetRetries", "3"));
        VariableDefinition unlock = v.get("OCPPCommCtrlr.UnlockOnEVSideDisconnect");
        assertThat(unlock.attributes().values().iterator().next().mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
        assertThat(value(unlock)).isEqualTo("false");
    }

    @Test
    void evse_withPowerLimitAllowResetAndConnectors() {
        Map<String, VariableDefinition> v = byName(DeviceModelVariables.evse(1,
                List.of(new ConnectorShape(1, "cCCS2")), 480000.0, () -> "1200.0", () -> "Occupied",
                c -> "Occupied"));
        assertThat(v).containsOnlyKeys("EVSE@evse1.Available", "EVSE@evse1.AvailabilityState",
                "EVSE@evse1.SupplyPhases", "EVSE@evse1.Power", "EVSE@evse1.AllowReset",
                "Connector@evse1/1.Available", "Connector@evse1/1.AvailabilityState",
                "Connector@evse1/1.ConnectorType", "Connector@evse1/1.SupplyPhases");
        assertThat(v.get("EVSE@evse1.Power").characteristics().maxLimit()).isEqualTo(480000.0);
        assertThat(v.get("EVSE@evse1.Power").characteristics().unit()).isEqualTo("W");
        assertThat(value(v.get("EVSE@evse1.AllowReset"))).isEqualTo("true");
        assertThat(value(v.get("Connector@evse1/1.ConnectorType"))).isEqualTo("cCCS2");
        assertThat(v.get("Connector@evse1/1.AvailabilityState").characteristics().valuesList())
                .contains("Available", "Occupied", "Reserved", "Unavailable", "Faulted");
    }

    @Test
    void availabilityStates_aggregate() {
        FakeStation station = FakeStation.of(1, 1);
        assertThat(AvailabilityStates.station(station, false)).isEqualTo("Available");
        assertThat(AvailabilityStates.station(station, true)).isEqualTo("Unavailable");
        station.add(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        station.add(new ConnectorView(2, 1, "cCCS2", ConnectorStatus.Faulted, false));
        assertThat(AvailabilityStates.evse(station, 1)).isEqualTo("Occupied");
        assertThat(AvailabilityStates.evse(station, 2)).isEqualTo("Faulted");
        assertThat(AvailabilityStates.station(station, false)).isEqualTo("Occupied");
        assertThat(AvailabilityStates.connector(station, 2, 1)).isEqualTo("Faulted");
        assertThat(AvailabilityStates.evse(station, 3)).isNull();
    }
}
