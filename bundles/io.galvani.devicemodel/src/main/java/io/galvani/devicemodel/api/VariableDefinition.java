package io.galvani.devicemodel.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.galvani.ocpp.model.types.AttributeEnumType;

/**
 * One variable of one component, as a bundle contributes it: its characteristics, its attributes
 * and how writes are checked. Immutable; build with {@link #builder}:
 *
 * <pre>{@code
 * VariableDefinition.builder(ComponentKey.of("OCPPCommCtrlr"), VariableKey.of("HeartbeatInterval"),
 *         Characteristics.integer().withUnit("s").withMin(1))
 *     .actual(VariableAttribute.readWrite(PID, "heartbeatIntervalSeconds", "60"))
 *     .build();
 * }</pre>
 */
public final class VariableDefinition {
    private final ComponentKey component;
    private final VariableKey variable;
    private final Characteristics characteristics;
    private final Map<AttributeEnumType, VariableAttribute> attributes;
    private final boolean rebootRequired;
    private final ValueValidator validator;

    private VariableDefinition(Builder b) {
        this.component = b.component;
        this.variable = b.variable;
        this.characteristics = b.characteristics;
        this.attributes = Collections.unmodifiableMap(new EnumMap<>(b.attributes));
        this.rebootRequired = b.rebootRequired;
        this.validator = b.validator;
    }

    public static Builder builder(ComponentKey component, VariableKey variable, Characteristics characteristics) {
        return new Builder(component, variable, characteristics);
    }

    public ComponentKey component() {
        return component;
    }

    public VariableKey variable() {
        return variable;
    }

    public Characteristics characteristics() {
        return characteristics;
    }

    /** The supported attribute types, in OCPP order (Actual, Target, MinSet, MaxSet). */
    public Map<AttributeEnumType, VariableAttribute> attributes() {
        return attributes;
    }

    /** Whether an accepted write takes effect only after a reboot (SetVariables answers RebootRequired). */
    public boolean rebootRequired() {
        return rebootRequired;
    }

    public ValueValidator validator() {
        return validator;
    }

    @Override
    public String toString() {
        return component + "." + variable;
    }

    /** Builds a {@link VariableDefinition}; at least one attribute is required. */
    public static final class Builder {
        private final ComponentKey component;
        private final VariableKey variable;
        private final Characteristics characteristics;
        private final Map<AttributeEnumType, VariableAttribute> attributes = new EnumMap<>(AttributeEnumType.class);
        private boolean rebootRequired;
        private ValueValidator validator = ValueValidator.NONE;

        private Builder(ComponentKey component, VariableKey variable, Characteristics characteristics) {
            this.component = Objects.requireNonNull(component, "component");
            this.variable = Objects.requireNonNull(variable, "variable");
            this.characteristics = Objects.requireNonNull(characteristics, "characteristics");
        }

        public Builder actual(VariableAttribute attribute) {
            return attribute(AttributeEnumType.Actual, attribute);
        }

        public Builder attribute(AttributeEnumType type, VariableAttribute attribute) {
            attributes.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(attribute, "attribute"));
            return this;
        }

        public Builder rebootRequired() {
            this.rebootRequired = true;
            return this;
        }

        public Builder validator(ValueValidator check) {
            this.validator = Objects.requireNonNull(check, "validator");
            return this;
        }

        public VariableDefinition build() {
            if (attributes.isEmpty()) {
                throw new IllegalStateException(component + "." + variable + " has no attribute");
            }
            return new VariableDefinition(this);
        }
    }
}
