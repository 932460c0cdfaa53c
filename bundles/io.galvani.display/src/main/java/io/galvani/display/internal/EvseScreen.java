package io.galvani.display.internal;

import java.util.List;

/**
 * What one EVSE's state says to the driver, before it is laid out on a display.
 *
 * @param title          what is going on, in two or three words
 * @param titleRight     a short value next to the title in the compact layout (the state of charge), or null
 * @param details        the lines under the title when the EVSE has the display to itself
 * @param compactDetails the lines under the title when it shares the display with other EVSEs
 * @param greeting       the title only greets: the compact layout leaves it out and starts with the first detail
 */
record EvseScreen(String title, String titleRight, List<Line> details, List<Line> compactDetails, boolean greeting) {

    EvseScreen {
        details = List.copyOf(details);
        compactDetails = List.copyOf(compactDetails);
    }

    static EvseScreen of(String title, List<Line> details) {
        return new EvseScreen(title, null, details, details, false);
    }
}
