package io.galvani.devicemodel.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.ComponentCriterionEnumType;
import io.galvani.ocpp.model.types.ComponentVariableType;
import io.galvani.ocpp.model.types.ReportBaseEnumType;
import io.galvani.ocpp.model.types.ReportDataType;
import io.galvani.ocpp.model.types.VariableAttributeType;
import io.galvani.ocpp.model.types.VariableCharacteristicsType;

/**
 * Chooses what a base report or a custom report contains (B07.FR.07–09, B08.FR.05–25) and turns
 * definitions into ReportDataType with every supported attribute (B07.FR.11) and the
 * characteristics (B08.FR.12); write-only values are never included.
 */
final class Reports {
    private static final Set<String> SUMMARY_COMPONENTS = Set.of("ChargingStation", "EVSE", "Connector");
    private static final Set<String> PROBLEM_VARIABLES = Set.of("Problem", "Tripped", "Overload", "Fallback");

    private final DeviceModelService model;

    Reports(DeviceModelService model) {
        this.model = model;
    }

    /** The variables of a base report. */
    List<VariableDefinition> base(ReportBaseEnumType base) {
        List<VariableDefinition> all = model.index().all();
        return switch (base) {
            case FullInventory -> all;
            case ConfigurationInventory -> all.stream()
                    .filter(d -> d.attributes().values().stream().anyMatch(VariableAttribute::writable)).toList();
            case SummaryInventory -> all.stream().filter(this::inSummary).toList();
        };
    }

    private boolean inSummary(VariableDefinition d) {
        String name = d.variable().name();
        if (name.equals("AvailabilityState") && SUMMARY_COMPONENTS.contains(d.component().name())) {
            return true;
        }
        return PROBLEM_VARIABLES.contains(name) && "true".equals(actual(d));
    }

    /** The variables of a custom report; empty = EmptyResultSet. */
    List<VariableDefinition> custom(List<ComponentVariableType> componentVariables,
            List<ComponentCriterionEnumType> criteria) {
        VariableIndex index = model.index();
        Set<ComponentCriterionEnumType> wanted = criteria == null || criteria.isEmpty()
                ? EnumSet.noneOf(ComponentCriterionEnumType.class) : EnumSet.copyOf(criteria);
        List<VariableDefinition> out = new ArrayList<>();
        for (Map.Entry<ComponentKey, Map<VariableKey, VariableDefinition>> e : index.components().entrySet()) {
            if (!wanted.isEmpty() && !meets(e.getValue(), wanted)) {
                continue;
            }
            for (VariableDefinition d : e.getValue().values()) {
                if (componentVariables == null || componentVariables.isEmpty()
                        || componentVariables.stream().anyMatch(cv -> matches(cv, d))) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** B08.FR.07–10, 13: a component meets the criteria if it meets any of them. */
    private boolean meets(Map<VariableKey, VariableDefinition> vars, Set<ComponentCriterionEnumType> criteria) {
        for (ComponentCriterionEnumType c : criteria) {
            VariableDefinition flag = vars.get(VariableKey.of(c.value()));
            String value = flag == null ? null : actual(flag);
            boolean met = c == ComponentCriterionEnumType.Problem ? "true".equals(value)
                    : flag == null || "true".equals(value);
            if (met) {
                return true;
            }
        }
        return false;
    }

    /** B08.FR.20–25: absent evse, connector, instance or variable match every one. */
    private static boolean matches(ComponentVariableType cv, VariableDefinition d) {
        ComponentKey want = ComponentKey.of(cv.component());
        ComponentKey have = d.component();
        if (!want.name().equals(have.name())
                || want.instance() != null && !want.instance().equals(have.instance())
                || want.evseId() != null && !want.evseId().equals(have.evseId())
                || want.connectorId() != null && !want.connectorId().equals(have.connectorId())) {
            return false;
        }
        if (cv.variable() == null) {
            return true;
        }
        return cv.variable().name().equals(d.variable().name())
                && (cv.variable().instance() == null || cv.variable().instance().equals(d.variable().instance()));
    }

    private String actual(VariableDefinition d) {
        VariableAttribute a = d.attributes().get(AttributeEnumType.Actual);
        return a == null || !a.readable() ? null : safeValue(d, a);
    }

    /** A value that cannot be read is reported unset rather than failing the whole report. */
    private String safeValue(VariableDefinition d, VariableAttribute a) {
        try {
            return model.valueOf(d, a);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The report entry of one variable, with its current values. */
    ReportDataType entry(VariableDefinition d) {
        List<VariableAttributeType> attributes = new ArrayList<>(d.attributes().size());
        d.attributes().forEach((type, a) -> {
            String value = a.readable() ? model.truncate(safeValue(d, a)) : null;
            attributes.add(new VariableAttributeType(null, type, value, a.mutability(), a.persistent(), a.constant()));
        });
        Characteristics c = d.characteristics();
        String values = c.valuesList().isEmpty() ? null : String.join(",", c.valuesList());
        if (values != null && values.length() > 1000) {
            values = values.substring(0, values.lastIndexOf(',', 1000));
        }
        return new ReportDataType(null, d.component().toOcpp(), d.variable().toOcpp(), attributes,
                new VariableCharacteristicsType(null, c.unit(), c.dataType(), c.minLimit(), c.maxLimit(), values,
                        c.supportsMonitoring()));
    }
}
