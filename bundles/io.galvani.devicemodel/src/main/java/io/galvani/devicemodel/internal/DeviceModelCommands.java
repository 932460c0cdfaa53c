package io.galvani.devicemodel.internal;

import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.devicemodel.api.VariableWrite;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.GetVariableStatusEnumType;

/**
 * Operator console commands ({@code dm:list}, {@code dm:get}, {@code dm:set}) for the Gogo shell.
 * They go through the same {@link DeviceModel} rules as the CSMS: write-only values stay hidden,
 * read-only ones cannot be set.
 */
@Component(service = DeviceModelCommands.class, property = { "osgi.command.scope=dm",
        "osgi.command.function=list", "osgi.command.function=get", "osgi.command.function=set" })
public final class DeviceModelCommands {
    private final DeviceModel model;

    @Activate
    public DeviceModelCommands(@Reference DeviceModel model) {
        this.model = model;
    }

    /** Every variable with its Actual value; a filter limits it to components or variables containing it. */
    public String list() {
        return list("");
    }

    public String list(String filter) {
        StringBuilder out = new StringBuilder();
        String f = filter.toLowerCase(Locale.ROOT);
        for (VariableDefinition d : model.definitions()) {
            if (!d.toString().toLowerCase(Locale.ROOT).contains(f)) {
                continue;
            }
            out.append(String.format("%-40s %-36s", d.component(), d.variable()));
            d.attributes().forEach((type, attr) -> out.append(' ').append(describe(d, type, attr)));
            out.append('\n');
        }
        return out.toString();
    }

    private String describe(VariableDefinition d, AttributeEnumType type, VariableAttribute attr) {
        String mutability = switch (attr.mutability()) {
            case ReadOnly -> "RO";
            case WriteOnly -> "WO";
            case ReadWrite -> "RW";
        };
        String value = attr.readable() ? model.read(d.component(), d.variable(), type).value() : "(write-only)";
        return (type == AttributeEnumType.Actual ? "" : type + "=") + value + " [" + mutability + "]";
    }

    /** {@code dm:get OCPPCommCtrlr HeartbeatInterval} or {@code dm:get EVSE@1 Power MaxSet}. */
    public String get(String component, String variable) {
        return get(component, variable, "Actual");
    }

    public String get(String component, String variable, String attribute) {
        VariableRead r = model.read(Keys.component(component), Keys.variable(variable),
                AttributeEnumType.fromValue(attribute));
        return r.status() == GetVariableStatusEnumType.Accepted ? r.value()
                : r.status() + (r.rejection() == null ? "" : ": " + r.rejection().detail());
    }

    /** {@code dm:set OCPPCommCtrlr HeartbeatInterval 300}. */
    public String set(String component, String variable, String value) {
        return set(component, variable, value, "Actual");
    }

    public String set(String component, String variable, String value, String attribute) {
        VariableWrite w = model.write(Keys.component(component), Keys.variable(variable),
                AttributeEnumType.fromValue(attribute), value);
        return w.status() + (w.rejection() == null ? "" : ": " + w.rejection().detail());
    }
}
