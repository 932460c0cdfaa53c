package io.galvani.display.internal;

import java.util.List;

import io.galvani.display.api.ScreenState;
import io.galvani.display.api.ScreenValues;

/**
 * What one EVSE's state says to the driver, before it is laid out on a display.
 *
 * @param state          which screen it is (for the display API)
 * @param title          what is going on, in two or three words
 * @param titleRight     a short value next to the title in the compact layout (the state of charge), or null
 * @param details        the lines under the title when the EVSE has the display to itself
 * @param compactDetails the lines under the title when it shares the display with other EVSEs
 * @param greeting       the title only greets: the compact layout leaves it out and starts with the first detail
 * @param values         the values and plain-words texts behind the lines (for the display API)
 */
record EvseScreen(ScreenState state, String title, String titleRight, List<Line> details, List<Line> compactDetails,
        boolean greeting, ScreenValues values) {

    EvseScreen {
        details = List.copyOf(details);
        compactDetails = List.copyOf(compactDetails);
        values = values == null ? ScreenValues.NONE : values;
    }

    static EvseScreen of(ScreenState state, String title, List<Line> details, ScreenValues values) {
        return new EvseScreen(state, title, null, details, details, false, values);
    }
}
