package io.galvani.transactions.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/**
 * TxCtrlr (Part 2 §2.7, mandatory for Core). The writable variables are properties of PID
 * {@value TransactionManager#PID}; defaults come from {@link TransactionsConfig} so the two cannot drift.
 * StopTxOnEVSideDisconnect is read-only true: cable disconnected on the EV side always ends the
 * authorization and the transaction (PICS C-06.2; C-06.1 is not supported, as on the reference product).
 */
@Component(service = DeviceModelContribution.class)
public final class TxCtrlrVariables implements DeviceModelContribution {
    static final ComponentKey TX_CTRLR = ComponentKey.of("TxCtrlr");

    private static final List<VariableDefinition> VARIABLES = List.of(
            VariableDefinition.builder(TX_CTRLR, VariableKey.of("EVConnectionTimeOut"),
                    Characteristics.integer().withUnit("s").withMin(1))
                    .actual(readWrite("evConnectionTimeOutSeconds")).build(),
            VariableDefinition.builder(TX_CTRLR, VariableKey.of("StopTxOnEVSideDisconnect"), Characteristics.bool())
                    .actual(VariableAttribute.readOnly(ValueSource.constant("true"))).build(),
            VariableDefinition.builder(TX_CTRLR, VariableKey.of("StopTxOnInvalidId"), Characteristics.bool())
                    .actual(readWrite("stopTxOnInvalidId")).build(),
            VariableDefinition.builder(TX_CTRLR, VariableKey.of("MaxEnergyOnInvalidId"),
                    Characteristics.integer().withUnit("Wh").withMin(0))
                    .actual(readWrite("maxEnergyOnInvalidIdWh")).build(),
            VariableDefinition.builder(TX_CTRLR, VariableKey.of("TxBeforeAcceptedEnabled"), Characteristics.bool())
                    .actual(VariableAttribute.readOnly(ValueSource.constant("false"))).build(),
            VariableDefinition.builder(TX_CTRLR, VariableKey.of("TxStartPoint"),
                    Characteristics.memberList(TxPoint.VALUES_LIST.split(",")))
                    .actual(readWrite("txStartPoint"))
                    .validator(value -> check(value, false)).build(),
            VariableDefinition.builder(TX_CTRLR, VariableKey.of("TxStopPoint"),
                    Characteristics.memberList(TxPoint.STOP_VALUES_LIST.split(",")))
                    .actual(readWrite("txStopPoint"))
                    .validator(value -> check(value, true)).build());

    @Override
    public Collection<VariableDefinition> variables() {
        return VARIABLES;
    }

    private static Optional<Rejection> check(String value, boolean stop) {
        try {
            TxPoint.parse(value, stop);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(Rejection.invalid((stop ? "TxStopPoint: " : "TxStartPoint: ") + e.getMessage()));
        }
    }

    private static VariableAttribute readWrite(String property) {
        return VariableAttribute.readWrite(TransactionManager.PID, property, defaultOf(property));
    }

    static String defaultOf(String attribute) {
        try {
            return String.valueOf(TransactionsConfig.class.getMethod(attribute).getDefaultValue());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("TransactionsConfig has no attribute " + attribute, e);
        }
    }
}
