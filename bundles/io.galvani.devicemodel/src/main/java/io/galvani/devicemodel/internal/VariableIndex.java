package io.galvani.devicemodel.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/**
 * An immutable, sorted snapshot of every contributed variable. Rebuilt when a contribution comes or
 * goes (rare), read lock-free by every request (often).
 */
final class VariableIndex {
    static final VariableIndex EMPTY = new VariableIndex(new TreeMap<>());

    private final Map<ComponentKey, Map<VariableKey, VariableDefinition>> byComponent;
    private final List<VariableDefinition> all;

    private VariableIndex(TreeMap<ComponentKey, Map<VariableKey, VariableDefinition>> byComponent) {
        this.byComponent = Collections.unmodifiableMap(byComponent);
        List<VariableDefinition> list = new ArrayList<>();
        byComponent.values().forEach(vars -> list.addAll(vars.values()));
        this.all = List.copyOf(list);
    }

    /**
     * Builds the index from contributions in precedence order (highest ranking first); a later
     * definition of an already defined variable is returned in {@code shadowed}.
     */
    static VariableIndex of(List<? extends Iterable<VariableDefinition>> contributions, List<VariableDefinition> shadowed) {
        TreeMap<ComponentKey, Map<VariableKey, VariableDefinition>> map = new TreeMap<>();
        for (Iterable<VariableDefinition> contribution : contributions) {
            for (VariableDefinition d : contribution) {
                Map<VariableKey, VariableDefinition> vars = map.computeIfAbsent(d.component(), k -> new TreeMap<>());
                if (vars.putIfAbsent(d.variable(), d) != null) {
                    shadowed.add(d);
                }
            }
        }
        map.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return new VariableIndex(map);
    }

    boolean hasComponent(ComponentKey component) {
        return byComponent.containsKey(component);
    }

    VariableDefinition find(ComponentKey component, VariableKey variable) {
        Map<VariableKey, VariableDefinition> vars = byComponent.get(component);
        return vars == null ? null : vars.get(variable);
    }

    /** Components in report order with their variables. */
    Map<ComponentKey, Map<VariableKey, VariableDefinition>> components() {
        return byComponent;
    }

    List<VariableDefinition> all() {
        return all;
    }
}
