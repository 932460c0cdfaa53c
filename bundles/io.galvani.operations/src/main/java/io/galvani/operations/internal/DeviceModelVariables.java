package io.galvani.operations.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/**
 * The device-model variables this bundle contributes (Part 2 "Referenced Components and Variables"
 * §2.13 and OCPPCommCtrlr): ChargingStation, EVSE and Connector with their required variables, and
 * OCPPCommCtrlr.ResetRetries / UnlockOnEVSideDisconnect.
 */
final class DeviceModelVariables {
    static final ComponentKey CHARGING_STATION = ComponentKey.of("ChargingStation");
    static final ComponentKey EVSE = ComponentKey.of("EVSE");
    static final ComponentKey CONNECTOR = ComponentKey.of("Connector");
    static final ComponentKey OCPP_COMM_CTRLR = ComponentKey.of("OCPPCommCtrlr");

    /** The shape of one connector as the device model shows it. */
    record ConnectorShape(int connectorId, String type) {
    }

    private DeviceModelVariables() {
    }

    static List<VariableDefinition> station(Supplier<String> availabilityState) {
        List<VariableDefinition> v = new ArrayList<>();
        v.add(constant(CHARGING_STATION, "Available", Characteristics.bool(), "true"));
        v.add(live(CHARGING_STATION, "AvailabilityState", Characteristics.optionList(AvailabilityStates.VALUES),
                availabilityState));
        v.add(constant(CHARGING_STATION, "SupplyPhases", Characteristics.integer(), "0"));
        v.add(VariableDefinition.builder(OCPP_COMM_CTRLR, VariableKey.of("ResetRetries"),
                Characteristics.integer().withMin(0))
                .actual(VariableAttribute.readWrite(OperationsConfig.PID, "resetRetries",
                        Integer.toString(OperationsConfig.DEFAULT_RESET_RETRIES)))
                .build());
        // Fixed cable: SHALL be ReadOnly false (Part 2 ref. components, OCPPCommCtrlr).
        v.add(constant(OCPP_COMM_CTRLR, "UnlockOnEVSideDisconnect", Characteristics.bool(), "false"));
        return v;
    }

    /**
     * @param maxPowerW        the power the EVSE can deliver at most (its cabinet's rating), or null if unknown
     * @param power            the power delivered now, W
     * @param evseState        the EVSE's AvailabilityState
     * @param connectorState   a connector's AvailabilityState by connector id
     */
    static List<VariableDefinition> evse(int evseId, List<ConnectorShape> connectors, Double maxPowerW,
            Supplier<String> power, Supplier<String> evseState, java.util.function.IntFunction<String> connectorState) {
        ComponentKey evse = EVSE.atEvse(evseId);
        List<VariableDefinition> v = new ArrayList<>();
        v.add(constant(evse, "Available", Characteristics.bool(), "true"));
        v.add(live(evse, "AvailabilityState", Characteristics.optionList(AvailabilityStates.VALUES), evseState));
        v.add(constant(evse, "SupplyPhases", Characteristics.integer(), "0"));
        Characteristics powerCharacteristics = Characteristics.decimal().withUnit("W");
        if (maxPowerW != null) {
            powerCharacteristics = powerCharacteristics.withMax(maxPowerW);
        }
        v.add(live(evse, "Power", powerCharacteristics, power));
        // B11.FR.10: this station resets single EVSEs.
        v.add(constant(evse, "AllowReset", Characteristics.bool(), "true"));
        for (ConnectorShape c : connectors) {
            ComponentKey connector = CONNECTOR.atConnector(evseId, c.connectorId());
            v.add(constant(connector, "Available", Characteristics.bool(), "true"));
            v.add(live(connector, "AvailabilityState", Characteristics.optionList(AvailabilityStates.VALUES),
                    () -> connectorState.apply(c.connectorId())));
            v.add(constant(connector, "ConnectorType", Characteristics.string(), c.type()));
            v.add(constant(connector, "SupplyPhases", Characteristics.integer(), "0"));
        }
        return v;
    }

    private static VariableDefinition constant(ComponentKey component, String variable, Characteristics c,
            String value) {
        return VariableDefinition.builder(component, VariableKey.of(variable), c)
                .actual(VariableAttribute.readOnly(ValueSource.constant(value))).build();
    }

    private static VariableDefinition live(ComponentKey component, String variable, Characteristics c,
            Supplier<String> value) {
        return VariableDefinition.builder(component, VariableKey.of(variable), c)
                .actual(VariableAttribute.readOnly(ValueSource.live(value))).build();
    }
}
