package io.galvani.devicemodel.api;

import java.util.Comparator;
import java.util.Objects;

import io.galvani.ocpp.model.types.VariableType;

/** Identifies a variable within a component: its name and optional instance. */
public record VariableKey(String name, String instance) implements Comparable<VariableKey> {
    /** By name, then instance, absent first. */
    private static final Comparator<VariableKey> ORDER = Comparator.comparing(VariableKey::name)
            .thenComparing(VariableKey::instance, Comparator.nullsFirst(Comparator.naturalOrder()));

    public VariableKey {
        Objects.requireNonNull(name, "name");
    }

    public static VariableKey of(String name) {
        return new VariableKey(name, null);
    }

    /** e.g. {@code VariableKey.of("ItemsPerMessage", "GetVariables")}. */
    public static VariableKey of(String name, String instance) {
        return new VariableKey(name, instance);
    }

    /** The key of an OCPP VariableType (its customData is not part of the identity). */
    public static VariableKey of(VariableType variable) {
        return new VariableKey(variable.name(), variable.instance());
    }

    public VariableType toOcpp() {
        return VariableType.of(name).withInstance(instance);
    }

    @Override
    public int compareTo(VariableKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return instance == null ? name : name + "[" + instance + "]";
    }
}
