package io.galvani.hal.api;

import java.util.List;

/**
 * What a display shows: a few lines of text, top to bottom.
 *
 * @param lines the lines; a driver truncates what does not fit
 */
public record DisplayContent(List<String> lines) {

    public DisplayContent {
        lines = List.copyOf(lines);
    }

    public static DisplayContent of(String... lines) {
        return new DisplayContent(List.of(lines));
    }
}
