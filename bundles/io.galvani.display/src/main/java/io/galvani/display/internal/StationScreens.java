package io.galvani.display.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.galvani.display.api.EvseScreenView;
import io.galvani.display.api.StationScreen;

/**
 * The display's decision as data for the display API: the same {@link ScreenComposer} that draws the HAL
 * display, so what a mirror shows can never differ from what the driver sees on the station. Pure.
 */
final class StationScreens {
    /** Captions for a richer screen: API key → text key. */
    private static final Map<String, String> LABELS = captions();

    private StationScreens() {
    }

    /**
     * @param rows    rows of the station's display (the one for every EVSE, else the first), for the lines
     * @param columns its columns
     */
    static StationScreen of(StationView station, Texts texts, int rows, int columns) {
        ScreenComposer composer = new ScreenComposer(texts);
        List<EvseScreenView> evses = new ArrayList<>();
        for (EvseState e : station.evses()) {
            EvseScreen s = composer.screen(e);
            List<String> lines = composer.compose(new StationView(List.of(e), station.online()), e.evseId(), rows,
                    columns).lines();
            evses.add(new EvseScreenView(e.evseId(), s.state(), s.title(), lines, s.values()));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        LABELS.forEach((key, textKey) -> labels.put(key, texts.get(textKey)));
        return new StationScreen(texts.language().code(), station.online(), rows, columns,
                composer.compose(station, 0, rows, columns).lines(), evses, labels);
    }

    private static Map<String, String> captions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : List.of("energy", "power", "stateOfCharge", "time", "cost", "offline", "connectionLost",
                "evse")) {
            m.put(key, "web." + key);
        }
        m.put("starting", "title.starting");
        m.put("wait", "hint.wait");
        return Map.copyOf(m);
    }
}
