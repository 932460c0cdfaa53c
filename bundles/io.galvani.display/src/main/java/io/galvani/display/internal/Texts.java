package io.galvani.display.internal;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The screen texts of one language, from the resource bundle {@code io/galvani/display/internal/texts}
 * ({@code texts.properties} is English, {@code texts_de.properties} German; UTF-8). A text may contain
 * {@code \n} where a line break reads best, and {@code {0}} for a value.
 */
final class Texts {
    static final String BUNDLE = "io.galvani.display.internal.texts";

    private static final Logger logger = LoggerFactory.getLogger(Texts.class);
    /*
     * No fallback to the JVM's default locale: with the default control, "en" on a machine whose default
     * locale is German would find texts_de (there is no texts_en) before the English base bundle.
     */
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Language language;
    private final ResourceBundle bundle;

    private Texts(Language language, ResourceBundle bundle) {
        this.language = language;
        this.bundle = bundle;
    }

    static Texts of(Language language) {
        return new Texts(language,
                ResourceBundle.getBundle(BUNDLE, language.locale(), Texts.class.getClassLoader(), NO_FALLBACK));
    }

    Language language() {
        return language;
    }

    Locale locale() {
        return language.locale();
    }

    /** The text for {@code key}; the key itself if the bundles lack it (a bug the tests catch), never an exception. */
    String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            logger.warn("Display text {} missing for language {}", key, language.code());
            return key;
        }
    }

    /** The text with {@code {0}} replaced by {@code value}. */
    String get(String key, String value) {
        return get(key).replace("{0}", value);
    }

    boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The texts of this language alone, without the English ones it falls back to (for the tests). */
    ResourceBundle bundle() {
        return bundle;
    }
}
