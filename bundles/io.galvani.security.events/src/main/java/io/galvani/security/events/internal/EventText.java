package io.galvani.security.events.internal;

/**
 * The type and techInfo of a reported event, made safe for one log line and for SecurityEventNotification
 * (type string(50), techInfo string(255)).
 *
 * <ul>
 * <li>Line breaks, tabs and other whitespace control characters become a space, so an event can never forge a
 * second log line; other control and format characters (NUL, ESC, bidi overrides that make a line read
 * differently than it is stored) and lone surrogates are removed. Then leading and trailing blanks go.</li>
 * <li>A type has no blanks (they become {@code _}: the line format separates fields by spaces), never starts
 * with {@code @} (reserved for the log's own records) and is cut to 50 characters; an empty one is
 * {@value #UNKNOWN_TYPE}.</li>
 * <li>A techInfo longer than 255 characters is cut to 254 plus {@code …}, so a reader sees that it was cut;
 * empty means absent. Lengths count characters as Java and JSON Schema do alike, because a surrogate pair is
 * never split.</li>
 * </ul>
 */
record EventText(String type, String techInfo, boolean typeChanged) {
    static final int MAX_TYPE = 50;
    static final int MAX_TECH_INFO = 255;
    static final String UNKNOWN_TYPE = "Unknown";
    private static final char CUT = '\u2026';

    static EventText of(String type, String techInfo) {
        String t = clean(type == null ? "" : type).replace(' ', '_');
        if (t.startsWith("@")) {
            t = "_" + t.substring(1);
        }
        t = cut(t, MAX_TYPE, false);
        if (t.isEmpty()) {
            t = UNKNOWN_TYPE;
        }
        String info = techInfo == null ? "" : techInfo(techInfo);
        return new EventText(t, info, !t.equals(type));
    }

    /** {@code text} cleaned and cut as a techInfo is (for the log's own records). */
    static String techInfo(String text) {
        return cut(clean(text), MAX_TECH_INFO, true);
    }

    /** techInfo as SecurityEventNotification carries it: absent when empty. */
    String techInfoOrNull() {
        return techInfo.isEmpty() ? null : techInfo;
    }

    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                if (Character.getType(cp) != Character.FORMAT) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            switch (Character.getType(c)) {
                case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    if (Character.isWhitespace(c) || Character.getType(c) != Character.CONTROL || c == '\u0085') {
                        out.append(' ');
                    }
                }
                case Character.FORMAT, Character.SURROGATE -> {
                    // removed: invisible, or half a character
                }
                default -> out.append(Character.isWhitespace(c) || Character.isSpaceChar(c) ? ' ' : c);
            }
        }
        return out.toString().strip();
    }

    private static String cut(String s, int max, boolean mark) {
        if (s.length() <= max) {
            return s;
        }
        int end = mark ? max - 1 : max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never half a pair
        }
        return mark ? s.substring(0, end) + CUT : s.substring(0, end);
    }
}
