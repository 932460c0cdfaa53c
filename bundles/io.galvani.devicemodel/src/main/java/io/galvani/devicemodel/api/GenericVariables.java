package io.galvani.devicemodel.api;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Definitions of the generic variables of OCPP 2.0.1 Part 2 "Referenced Components and Variables"
 * (appendix &lt;generic&gt;) that most components carry, so that drivers and controllers describe them
 * alike. All are read-only; pass live suppliers for values that change.
 */
public final class GenericVariables {

    private GenericVariables() {
    }

    /** Available: the component exists and is wired for use. */
    public static VariableDefinition available(ComponentKey component, BooleanSupplier available) {
        return flag(component, "Available", available);
    }

    /** Enabled: the component is enabled for operation. */
    public static VariableDefinition enabled(ComponentKey component, BooleanSupplier enabled) {
        return flag(component, "Enabled", enabled);
    }

    /** Problem: the component has a condition that impacts its normal operation. */
    public static VariableDefinition problem(ComponentKey component, BooleanSupplier problem) {
        return flag(component, "Problem", problem);
    }

    /** Active: the component is in its non-resting state (on, engaged, locked). */
    public static VariableDefinition active(ComponentKey component, BooleanSupplier active) {
        return flag(component, "Active", active);
    }

    /** A read-only boolean variable. */
    public static VariableDefinition flag(ComponentKey component, String name, BooleanSupplier value) {
        return VariableDefinition.builder(component, VariableKey.of(name), Characteristics.bool())
                .actual(VariableAttribute.readOnly(ValueSource.live(() -> Boolean.toString(value.getAsBoolean()))))
                .build();
    }

    /**
     * A read-only decimal measurement, e.g. Power in W, DCVoltage in V; {@code maxLimit} may be null. A null,
     * NaN or infinite reading reads as unset.
     */
    public static VariableDefinition measurement(ComponentKey component, String name, String unit, Double maxLimit,
            Supplier<Double> value) {
        Characteristics c = Characteristics.decimal().withUnit(unit);
        return VariableDefinition.builder(component, VariableKey.of(name), maxLimit == null ? c : c.withMax(maxLimit))
                .actual(VariableAttribute.readOnly(ValueSource.live(() -> {
                    Double v = value.get();
                    // No reading (or no sensible one) is reported as "no value", not as a failed read.
                    return v == null || v.isNaN() || v.isInfinite() ? null : new java.math.BigDecimal(v).setScale(3, java.math.RoundingMode.HALF_UP)
                            .stripTrailingZeros().toPlainString();
                })))
                .build();
    }

    /** A read-only constant text, e.g. a model name or a firmware version. */
    public static VariableDefinition constant(ComponentKey component, String name, String value) {
        return VariableDefinition.builder(component, VariableKey.of(name), Characteristics.string())
                .actual(VariableAttribute.readOnly(ValueSource.constant(value))).build();
    }
}
