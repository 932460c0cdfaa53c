package io.galvani.devicemodel.api;

import java.util.Objects;

import io.galvani.ocpp.model.types.MutabilityEnumType;

/**
 * One attribute (Actual, Target, MinSet or MaxSet) of a variable: who may read or write it, whether
 * it survives a reboot, whether it never changes, and where its value lives.
 */
public record VariableAttribute(MutabilityEnumType mutability, boolean persistent, boolean constant,
        ValueSource source) {

    public VariableAttribute {
        Objects.requireNonNull(mutability, "mutability");
        Objects.requireNonNull(source, "source");
        if (mutability != MutabilityEnumType.ReadOnly && !(source instanceof ValueSource.Configured)) {
            throw new IllegalArgumentException("a writable attribute needs a Configured source, not " + source);
        }
    }

    public static VariableAttribute readOnly(ValueSource source) {
        return new VariableAttribute(MutabilityEnumType.ReadOnly, source instanceof ValueSource.Configured,
                source instanceof ValueSource.Constant, source);
    }

    public static VariableAttribute readWrite(String pid, String property, String defaultValue) {
        return new VariableAttribute(MutabilityEnumType.ReadWrite, true, false,
                ValueSource.configured(pid, property, defaultValue));
    }

    /** A secret: written by the CSMS, never read back by anyone (BasicAuthPassword). */
    public static VariableAttribute writeOnly(String pid, String property) {
        return new VariableAttribute(MutabilityEnumType.WriteOnly, true, false,
                ValueSource.configured(pid, property, null));
    }

    public boolean readable() {
        return mutability != MutabilityEnumType.WriteOnly;
    }

    public boolean writable() {
        return mutability != MutabilityEnumType.ReadOnly;
    }
}
