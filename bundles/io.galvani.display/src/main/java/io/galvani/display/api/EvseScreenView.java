package io.galvani.display.api;

import java.util.List;
import java.util.Objects;

/**
 * What one EVSE's screen shows.
 *
 * @param evseId the EVSE (1-based)
 * @param state  which screen
 * @param title  the title in the configured language ("Charging", "Ladevorgang")
 * @param lines  the lines exactly as a display of the station's display size shows this EVSE alone (title first)
 * @param values the values and plain-words texts behind the lines
 */
public record EvseScreenView(int evseId, ScreenState state, String title, List<String> lines, ScreenValues values) {

    public EvseScreenView {
        Objects.requireNonNull(state, "state");
        lines = List.copyOf(lines);
        values = values == null ? ScreenValues.NONE : values;
    }
}
