package io.galvani.display.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The languages the screen texts exist in (one resource bundle each). */
enum Language {
    EN("en", Locale.ENGLISH),
    DE("de", Locale.GERMAN);

    private final String code;
    private final Locale locale;

    Language(String code, Locale locale) {
        this.code = code;
        this.locale = locale;
    }

    String code() {
        return code;
    }

    /** Also picks the decimal separator of the numbers shown. */
    Locale locale() {
        return locale;
    }

    /**
     * The language for a configured code (case and surrounding blanks do not matter).
     *
     * @throws IllegalArgumentException naming the value and the supported codes
     */
    static Language of(String code) {
        String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.code.equals(wanted)) {
                return language;
            }
        }
        throw new IllegalArgumentException("display language \"" + code + "\" is not supported: use one of "
                + supported() + " (configuration " + DisplayPresenter.PID + ", property language)");
    }

    static String supported() {
        return Arrays.stream(values()).map(Language::code).collect(Collectors.joining(", "));
    }
}
