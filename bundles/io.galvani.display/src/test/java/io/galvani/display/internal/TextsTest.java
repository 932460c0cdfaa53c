package io.galvani.display.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;

/** The resource bundles: complete in every language, and sized for the reference 4x20 display. */
class TextsTest {
    /** "1: " + title fits a 20-column row in the two-EVSE layout. */
    static final int MAX_TITLE = 17;
    static final int MAX_LINE = 20;
    /** Captions of the web page (web.*): it has room for them, never the 4x20 display. */
    static final int MAX_CAPTION = 40;

    @Test
    void everyLanguageHasExactlyTheKeysOfTheEnglishTexts() throws IOException {
        Set<String> english = load("texts.properties").stringPropertyNames();
        for (Language language : Language.values()) {
            String file = language == Language.EN ? "texts.properties" : "texts_" + language.code() + ".properties";
            assertThat(load(file).stringPropertyNames()).as(file).isEqualTo(english);
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyRefusalAndStopReasonHasAText(Language language) {
        Texts texts = Texts.of(language);
        for (AuthorizationStatusEnumType status : AuthorizationStatusEnumType.values()) {
            if (status != AuthorizationStatusEnumType.Accepted) {
                assertThat(texts.bundle().getString("reject." + status.value())).isNotBlank();
            }
        }
        for (ReasonEnumType reason : ReasonEnumType.values()) {
            assertThat(texts.bundle().getString("stop." + reason.value())).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void textsFitTheReferenceDisplay(Language language) {
        Texts texts = Texts.of(language);
        for (String key : texts.bundle().keySet()) {
            String text = texts.get(key, "100");
            int max = key.startsWith("title.") ? MAX_TITLE : key.startsWith("web.") ? MAX_CAPTION : MAX_LINE;
            for (String line : text.split("\n")) {
                assertThat(line.length()).as("%s %s = \"%s\"", language, key, line).isLessThanOrEqualTo(max);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void placeholdersAreTheSameAsInEnglish(Language language) {
        Texts english = Texts.of(Language.EN);
        Texts texts = Texts.of(language);
        for (String key : english.bundle().keySet()) {
            assertThat(placeholders(texts.get(key))).as(key).isEqualTo(placeholders(english.get(key)));
        }
    }

    @Test
    void germanIsReadAsUtf8() {
        assertThat(Texts.of(Language.DE).get("title.faulted")).isEqualTo("Außer Betrieb");
        assertThat(Texts.of(Language.DE).get("title.authorizing")).isEqualTo("Prüfe Karte");
    }

    @Test
    void english_evenWhenTheJvmDefaultLocaleIsGerman() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Texts.of(Language.EN).get("title.welcome")).isEqualTo("Welcome");
            assertThat(Texts.of(Language.DE).get("title.welcome")).isEqualTo("Willkommen");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aMissingKey_showsTheKeyInsteadOfFailing() {
        assertThat(Texts.of(Language.DE).get("no.such.key")).isEqualTo("no.such.key");
        assertThat(Texts.of(Language.DE).has("no.such.key")).isFalse();
    }

    private static Set<String> placeholders(String text) {
        Matcher m = Pattern.compile("\\{\\d+}").matcher(text);
        return m.results().map(r -> r.group()).collect(Collectors.toSet());
    }

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
