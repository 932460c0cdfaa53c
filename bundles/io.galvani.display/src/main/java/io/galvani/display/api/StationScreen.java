package io.galvani.display.api;

import java.util.List;
import java.util.Map;

/**
 * The whole station's screen at one moment.
 *
 * @param language the language of every text, {@code "en"} or {@code "de"}
 * @param online   connected to the CSMS and registered; when false the display shows its "offline" marker
 *                 (charging may go on offline)
 * @param rows     rows of the station's display that {@code lines} are drawn for
 * @param columns  columns of that display
 * @param lines    the station-wide display's lines as drawn (every EVSE, with the offline marker)
 * @param evses    one view per EVSE, ordered by id; empty while the station starts
 * @param labels   captions a richer screen puts next to the values, in the same language: keys {@code energy},
 *                 {@code power}, {@code stateOfCharge}, {@code time}, {@code cost}, {@code offline},
 *                 {@code connectionLost}, {@code evse}, and {@code starting} and {@code wait} (what to show before
 *                 the first screen arrives)
 */
public record StationScreen(String language, boolean online, int rows, int columns, List<String> lines,
        List<EvseScreenView> evses, Map<String, String> labels) {

    public StationScreen {
        lines = List.copyOf(lines);
        evses = List.copyOf(evses);
        labels = Map.copyOf(labels);
    }
}
