package io.galvani.display.internal;

/**
 * One logical line of a screen before it is fitted to the display ({@link Fit}).
 *
 * @param left     the text; may contain {@code \n} where a break reads best, and wraps when too long
 * @param right    for a pair: a short value shown right-aligned on the same row as {@code left}
 *                 (e.g. "12.34 kWh      150 kW"); null for plain text
 * @param priority which lines stay when the display has too few rows: higher stays longer
 */
record Line(String left, String right, int priority) {

    /** The title of a screen: the last thing to go. */
    static final int TITLE = 10;

    Line {
        left = left == null ? "" : left;
    }

    static Line text(String text, int priority) {
        return new Line(text, null, priority);
    }

    static Line pair(String left, String right, int priority) {
        return new Line(left, right, priority);
    }

    boolean isPair() {
        return right != null;
    }
}
