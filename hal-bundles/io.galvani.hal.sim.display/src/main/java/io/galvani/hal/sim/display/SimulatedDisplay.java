package io.galvani.hal.sim.display;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.GenericVariables;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.Display;
import io.galvani.hal.api.DisplayContent;

/**
 * A simulated text display: keeps what it shows, cut to its rows and columns, and logs every change
 * as one line {@code [display] line1 | line2 ...} on the logger {@code galvani.display}, so the demo
 * console shows the screen.
 *
 * <p>Contributes its hardware to the OCPP device model as component {@code Display} (on its EVSE, or
 * station-wide for EVSE 0), including what it shows now; the contribution comes and goes with the
 * component.
 */
@Component(name = SimulatedDisplay.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { Display.class, DeviceModelContribution.class })
@Designate(ocd = SimulatedDisplay.Config.class)
public final class SimulatedDisplay implements Display, DeviceModelContribution {

    public static final String PID = "io.galvani.hal.sim.display";
    public static final String LOGGER = "galvani.display";

    @ObjectClassDefinition(name = "Galvani simulated display",
            description = "hal.evse.id becomes a service property (0 = station-wide screen).")
    public @interface Config {
        @AttributeDefinition(name = "EVSE id", description = "EVSE of the screen, 0 for one station-wide screen; service property hal.evse.id", min = "0")
        int hal_evse_id() default 0;

        @AttributeDefinition(description = "Lines of text", min = "1")
        int rows() default 4;

        @AttributeDefinition(description = "Characters per line", min = "1")
        int columns() default 20;
    }

    private static final Logger screen = LoggerFactory.getLogger(LOGGER);

    private final int evseId;
    private final int rows;
    private final int columns;
    private volatile DisplayContent current = new DisplayContent(List.of());

    @Activate
    public SimulatedDisplay(Config config) {
        if (config.rows() < 1 || config.columns() < 1 || config.hal_evse_id() < 0) {
            throw new IllegalArgumentException("display needs rows >= 1, columns >= 1 and hal.evse.id >= 0; got rows "
                    + config.rows() + ", columns " + config.columns() + ", hal.evse.id " + config.hal_evse_id());
        }
        this.evseId = config.hal_evse_id();
        this.rows = config.rows();
        this.columns = config.columns();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public synchronized void show(DisplayContent content) {
        List<String> lines = new ArrayList<>();
        for (String line : content.lines()) {
            if (lines.size() == rows) {
                break;
            }
            String clean = line == null ? "" : line.replaceAll("[\\r\\n\\t]", " ");
            lines.add(clean.length() > columns ? clean.substring(0, columns) : clean);
        }
        DisplayContent next = new DisplayContent(lines);
        if (next.equals(current)) {
            return;
        }
        current = next;
        screen.info("[display] {}", String.join(" | ", lines));
    }

    @Override
    public DisplayContent current() {
        return current;
    }

    @Override
    public DeviceStatus status() {
        return DeviceStatus.ONLINE;
    }

    // ---- DeviceModelContribution

    /**
     * Display (at the screen's EVSE, station-wide for EVSE 0): Available, Enabled and Problem from the
     * status; DataText[Visible], the lines shown now separated by '\n', read live from a volatile field;
     * its size as Count[HeightInChars] and Count[WidthInChars].
     */
    @Override
    public Collection<VariableDefinition> variables() {
        ComponentKey display = evseId == 0 ? ComponentKey.of("Display") : ComponentKey.of("Display").atEvse(evseId);
        return List.of(
                GenericVariables.available(display, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.enabled(display, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.problem(display, () -> !status().isOnline()),
                VariableDefinition.builder(display, VariableKey.of("DataText", "Visible"),
                        Characteristics.string().withMax(rows * (columns + 1) - 1))
                        .actual(VariableAttribute.readOnly(ValueSource.live(() -> String.join("\n", current().lines()))))
                        .build(),
                count(display, "HeightInChars", rows),
                count(display, "WidthInChars", columns));
    }

    private static VariableDefinition count(ComponentKey display, String instance, int value) {
        return VariableDefinition.builder(display, VariableKey.of("Count", instance), Characteristics.integer())
                .actual(VariableAttribute.readOnly(ValueSource.constant(Integer.toString(value)))).build();
    }
}
