package io.galvani.display.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fits logical {@link Line}s to a display of {@code rows} × {@code columns} characters. Pure functions;
 * the result never has more than {@code rows} lines nor a line longer than {@code columns}.
 *
 * <ul>
 * <li>Text wraps at spaces (and at {@code \n}); a word longer than a row is cut.</li>
 * <li>A pair shows its right part right-aligned on the row of its left part, or on the next row if
 * both do not fit on one.</li>
 * <li>When the lines need more rows than there are, each line gets one row by priority (the title
 * first), then the rows left go to the lines that need more, again by priority. A line that gets fewer
 * rows than it needs ends in "…" on its last row; a line that gets none is left out. The lines keep
 * their order.</li>
 * </ul>
 */
final class Fit {
    static final String ELLIPSIS = "…";

    private Fit() {
    }

    static List<String> fit(List<Line> lines, int rows, int columns) {
        if (rows <= 0 || columns <= 0) {
            return List.of();
        }
        List<List<String>> full = new ArrayList<>();
        for (Line line : lines) {
            full.add(render(line, columns));
        }
        int[] granted = new int[lines.size()];
        List<Integer> byPriority = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            byPriority.add(i);
        }
        byPriority.sort(Comparator.comparingInt((Integer i) -> -lines.get(i).priority()).thenComparingInt(i -> i));
        // First one row for each line by priority, then the rows they need beyond that, again by priority:
        // a short display shows more lines, each cut, rather than fewer lines whole.
        int left = rows;
        for (int i : byPriority) {
            granted[i] = Math.min(Math.min(1, full.get(i).size()), left);
            left -= granted[i];
        }
        for (int i : byPriority) {
            if (granted[i] > 0) {
                int more = Math.min(full.get(i).size() - granted[i], left);
                granted[i] += more;
                left -= more;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (granted[i] == full.get(i).size()) {
                out.addAll(full.get(i));
            } else if (granted[i] > 0) {
                out.addAll(shrink(lines.get(i), full.get(i), granted[i], columns));
            }
        }
        return out;
    }

    /** The rows a line takes when it has all the room it needs; none for an empty text. */
    static List<String> render(Line line, int columns) {
        if (!line.isPair()) {
            return wrap(line.left(), columns);
        }
        String left = clean(line.left()).replace('\n', ' ').strip();
        String right = clean(line.right()).replace('\n', ' ').strip();
        if (right.isEmpty()) {
            return wrap(left, columns);
        }
        if (left.isEmpty()) {
            return List.of(alignRight("", truncate(right, columns), columns));
        }
        if (left.length() + 1 + right.length() <= columns) {
            return List.of(alignRight(left, right, columns));
        }
        List<String> rows = new ArrayList<>(wrap(left, columns));
        rows.add(alignRight("", truncate(right, columns), columns));
        return rows;
    }

    /** Word-wraps {@code text} to rows of at most {@code columns}; {@code \n} always breaks. */
    static List<String> wrap(String text, int columns) {
        List<String> rows = new ArrayList<>();
        for (String paragraph : clean(text).split("\n", -1)) {
            StringBuilder row = new StringBuilder();
            for (String word : paragraph.strip().split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (row.length() > 0 && row.length() + 1 + word.length() <= columns) {
                    row.append(' ').append(word);
                    continue;
                }
                if (row.length() > 0) {
                    rows.add(row.toString());
                    row.setLength(0);
                }
                while (word.length() > columns) { // a word longer than a row: cut it
                    rows.add(word.substring(0, columns));
                    word = word.substring(columns);
                }
                row.append(word);
            }
            if (row.length() > 0) {
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** {@code text} on one row: as is if it fits, else cut (at a space when one is near the end) with "…". */
    static String truncate(String text, int columns) {
        String s = clean(text).replace('\n', ' ').strip();
        if (s.length() <= columns) {
            return s;
        }
        if (columns <= 1) {
            return s.substring(0, Math.max(0, columns));
        }
        String cut = s.substring(0, columns - 1);
        int space = cut.lastIndexOf(' ');
        if (s.charAt(columns - 1) != ' ' && space >= columns / 2) { // do not leave half a word
            cut = cut.substring(0, space);
        }
        cut = cut.stripTrailing();
        return cut.endsWith(ELLIPSIS) ? cut : cut + ELLIPSIS;
    }

    /**
     * Fits blocks of lines one under the other, each into {@code blockRows} rows (one block per EVSE when
     * EVSEs share the display), and shows {@code marker} (e.g. "offline") when it is not null, cutting as
     * little as possible. The marker goes, in this order of preference:
     * <ol>
     * <li>right-aligned on a row that has room for it: the top row, else the lowest such row;</li>
     * <li>on a spare row under the blocks;</li>
     * <li>on its own row in a block (the last one that can) in place of lines of lower priority than
     * {@code markerPriority}, if the lines above that priority still get all their rows;</li>
     * <li>after the first line of the first block, whose text is shortened for it (its right part, e.g. a
     * state of charge, stays).</li>
     * </ol>
     */
    static List<String> fitBlocks(List<List<Line>> blocks, int blockRows, int rows, int columns, String marker,
            int markerPriority) {
        if (rows <= 0 || columns <= 0) {
            return List.of();
        }
        List<List<String>> fitted = new ArrayList<>();
        for (List<Line> block : blocks) {
            fitted.add(fit(block, blockRows, columns));
        }
        List<String> all = concat(fitted);
        if (marker == null || marker.isBlank()) {
            return all;
        }
        String m = truncate(marker, columns);
        for (int i : topThenBottomUp(all.size())) {
            String row = all.get(i).stripTrailing();
            if (row.length() + 1 + m.length() <= columns) {
                all.set(i, alignRight(row, m, columns));
                return all;
            }
        }
        if (all.size() < rows) {
            all.add(alignRight("", m, columns));
            return all;
        }
        Line markerLine = Line.pair("", m, markerPriority);
        for (int b = blocks.size() - 1; b >= 0; b--) {
            int needed = blocks.get(b).stream().filter(l -> l.priority() > markerPriority)
                    .mapToInt(l -> render(l, columns).size()).sum();
            if (needed + 1 <= blockRows) {
                List<Line> withMarker = new ArrayList<>(blocks.get(b));
                withMarker.add(markerLine);
                fitted.set(b, fit(withMarker, blockRows, columns));
                return concat(fitted);
            }
        }
        if (!blocks.isEmpty() && !blocks.get(0).isEmpty()) {
            List<Line> first = new ArrayList<>(blocks.get(0));
            Line header = first.get(0);
            String right = header.isPair() && !header.right().isBlank() ? header.right().strip() + " " + m : m;
            first.set(0, Line.pair(header.left(), right, header.priority()));
            fitted.set(0, fit(first, blockRows, columns));
            all = concat(fitted);
            if (!all.isEmpty() && all.get(0).endsWith(m)) {
                return all;
            }
        }
        return shortenTopRowFor(all, m, columns);
    }

    /** The last resort for a tiny display: the marker on the top row, the row's text cut short for it. */
    private static List<String> shortenTopRowFor(List<String> shown, String m, int columns) {
        List<String> out = new ArrayList<>(shown);
        String top = m.length() + 2 > columns || out.isEmpty() ? m
                : alignRight(truncate(out.get(0), columns - m.length() - 1), m, columns);
        if (out.isEmpty()) {
            out.add(top);
        } else {
            out.set(0, top);
        }
        return out;
    }

    private static List<Integer> topThenBottomUp(int size) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i == 0 ? 0 : size - i);
        }
        return order;
    }

    private static List<String> concat(List<List<String>> blocks) {
        List<String> all = new ArrayList<>();
        blocks.forEach(all::addAll);
        return all;
    }

    /** A line given fewer rows than it needs: its first rows, the last one ending in "…". */
    private static List<String> shrink(Line line, List<String> full, int granted, int columns) {
        if (line.isPair() && granted == 1 && full.size() > 1) {
            String right = clean(line.right()).replace('\n', ' ').strip();
            if (right.length() + 2 <= columns) {
                return List.of(alignRight(truncate(line.left(), columns - right.length() - 1), right, columns));
            }
        }
        List<String> out = new ArrayList<>(full.subList(0, granted - 1));
        out.add(truncate(String.join(" ", full.subList(granted - 1, full.size())), columns));
        return out;
    }

    private static String alignRight(String left, String right, int columns) {
        int gap = Math.max(1, columns - left.length() - right.length());
        String row = left.isEmpty() ? " ".repeat(Math.max(0, columns - right.length())) + right
                : left + " ".repeat(gap) + right;
        return row.length() > columns ? row.substring(0, columns) : row;
    }

    /** Control characters (a message from elsewhere may carry tabs or CR) become spaces; {@code \n} stays. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        // Characters outside the BMP would count twice in a row's length: a display cannot show them anyway.
        text.codePoints().forEach(c -> b.appendCodePoint(
                c == '\n' ? '\n' : Character.isISOControl(c) ? ' ' : Character.isBmpCodePoint(c) ? c : '?'));
        return b.toString();
    }
}
