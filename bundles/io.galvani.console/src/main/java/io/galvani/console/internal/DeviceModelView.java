package io.galvani.console.internal;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.devicemodel.api.VariableWrite;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.GetVariableStatusEnumType;

/**
 * The device-model browser: every variable with its characteristics and attributes (the value of a WriteOnly
 * attribute is never read, so never shown), and a change of one attribute through {@link DeviceModel#write}, the
 * same path as SetVariables, so that mutability, characteristics and the contributing bundle's validator apply.
 */
final class DeviceModelView {
    static final Set<String> WRITE_FIELDS = Set.of("component", "componentInstance", "evseId", "connectorId",
            "variable", "variableInstance", "attribute", "value");
    /** OCPP 2.0.1 limits: ComponentType.name / VariableType.name 50, instance 50, attributeValue 1000. */
    static final int MAX_NAME = 50;
    static final int MAX_VALUE = 1000;

    private DeviceModelView() {
    }

    static ObjectNode list(DeviceModel model) {
        ObjectNode root = ConsoleJson.JSON.createObjectNode();
        ArrayNode variables = root.putArray("variables");
        for (VariableDefinition d : model.definitions()) {
            ObjectNode v = variables.addObject();
            ComponentKey c = d.component();
            ObjectNode component = v.putObject("component");
            component.put("name", c.name()).put("instance", c.instance());
            component.put("evseId", c.evseId()).put("connectorId", c.connectorId());
            v.putObject("variable").put("name", d.variable().name()).put("instance", d.variable().instance());
            v.set("characteristics", characteristics(d.characteristics()));
            v.put("rebootRequired", d.rebootRequired());
            ArrayNode attributes = v.putArray("attributes");
            for (Map.Entry<AttributeEnumType, VariableAttribute> e : d.attributes().entrySet()) {
                VariableAttribute a = e.getValue();
                ObjectNode attr = attributes.addObject();
                attr.put("type", e.getKey().value());
                attr.put("mutability", a.mutability().value());
                attr.put("persistent", a.persistent());
                attr.put("constant", a.constant());
                if (a.readable()) {
                    VariableRead read = model.read(c, d.variable(), e.getKey());
                    if (read.status() == GetVariableStatusEnumType.Accepted) {
                        attr.put("value", read.value());
                    } else {
                        attr.putNull("value");
                        attr.put("readStatus", read.status().value());
                    }
                } else {
                    attr.putNull("value"); // WriteOnly: a secret such as BasicAuthPassword
                }
            }
        }
        return root;
    }

    private static ObjectNode characteristics(Characteristics ch) {
        ObjectNode n = ConsoleJson.JSON.createObjectNode();
        n.put("dataType", ch.dataType().value());
        n.put("unit", ch.unit());
        n.put("minLimit", ch.minLimit());
        n.put("maxLimit", ch.maxLimit());
        ArrayNode values = n.putArray("valuesList");
        ch.valuesList().forEach(values::add);
        n.put("supportsMonitoring", ch.supportsMonitoring());
        return n;
    }

    /** The attribute a write request names, checked against the OCPP limits before the device model sees it. */
    record Target(ComponentKey component, VariableKey variable, AttributeEnumType attribute, String value) {
    }

    static Target target(JsonBody body) {
        String component = name(body, "component", true);
        String variable = name(body, "variable", true);
        Integer evse = body.integer("evseId", 0, null);
        Integer connector = body.integer("connectorId", 1, null);
        if (connector != null && evse == null) {
            throw ConsoleException.badRequest("connectorId needs an evseId");
        }
        String attribute = body.optionalString("attribute");
        AttributeEnumType type;
        try {
            type = attribute == null ? AttributeEnumType.Actual : AttributeEnumType.fromValue(attribute);
        } catch (IllegalArgumentException e) {
            throw ConsoleException.badRequest("attribute must be one of Actual, Target, MinSet, MaxSet, not "
                    + attribute);
        }
        String value = body.string("value");
        if (value.length() > MAX_VALUE) {
            throw ConsoleException.badRequest("value is " + value.length() + " characters long; OCPP allows at most "
                    + MAX_VALUE);
        }
        ComponentKey key = new ComponentKey(component, name(body, "componentInstance", false), evse, connector);
        return new Target(key, VariableKey.of(variable, name(body, "variableInstance", false)), type, value);
    }

    private static String name(JsonBody body, String field, boolean required) {
        String s = required ? body.string(field) : body.optionalString(field);
        if (s != null && (s.isEmpty() || s.length() > MAX_NAME)) {
            throw ConsoleException.badRequest(field + " must be 1 to " + MAX_NAME + " characters long");
        }
        return s;
    }

    /** The write's outcome: the SetVariables status, the reason when refused, the value now (if readable). */
    static ObjectNode write(DeviceModel model, Target t) {
        VariableWrite result = model.write(t.component(), t.variable(), t.attribute(), t.value());
        ObjectNode n = ConsoleJson.JSON.createObjectNode();
        n.put("component", t.component().toString());
        n.put("variable", t.variable().toString());
        n.put("attribute", t.attribute().value());
        n.put("status", result.status().value());
        n.put("reasonCode", result.rejection() == null ? null : result.rejection().reasonCode());
        n.put("detail", result.rejection() == null ? null : result.rejection().detail());
        boolean readable = model.definition(t.component(), t.variable())
                .map(d -> d.attributes().get(t.attribute()))
                .map(VariableAttribute::readable).orElse(false);
        if (readable) {
            VariableRead now = model.read(t.component(), t.variable(), t.attribute());
            n.put("value", now.status() == GetVariableStatusEnumType.Accepted ? now.value() : null);
        } else {
            n.putNull("value");
        }
        return n;
    }
}
