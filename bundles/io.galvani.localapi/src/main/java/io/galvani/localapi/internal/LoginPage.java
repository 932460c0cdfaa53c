package io.galvani.localapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The login form ({@code login.html}, shipped in the bundle: no CDN, no script), filled in per request. */
final class LoginPage {
    private static final String TEMPLATE = load();

    private LoginPage() {
    }

    /**
     * The page for a login that returns to {@code next} afterwards, showing {@code message} (null: none).
     * Every value is HTML-escaped.
     */
    static String render(String stationId, String next, String message) {
        return TEMPLATE.replace("{{stationId}}", escape(stationId == null ? "" : stationId))
                .replace("{{next}}", escape(next))
                .replace("{{message}}", message == null ? "" : "<p class=\"message\" role=\"alert\">" + escape(message)
                        + "</p>");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String load() {
        try (InputStream in = LoginPage.class.getResourceAsStream("login.html")) {
            if (in == null) {
                throw new IllegalStateException("login.html missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
