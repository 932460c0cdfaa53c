package io.galvani.display.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void knownCodes_caseAndBlanksDoNotMatter() {
        assertThat(Language.of("en")).isEqualTo(Language.EN);
        assertThat(Language.of(" DE ")).isEqualTo(Language.DE);
    }

    @Test
    void unknownCode_isRejectedNamingTheValueAndTheChoices() {
        assertThatThrownBy(() -> Language.of("fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"fr\"")
                .hasMessageContaining("en, de")
                .hasMessageContaining("io.galvani.display");
        assertThatThrownBy(() -> Language.of("")).hasMessageContaining("\"\"");
        assertThatThrownBy(() -> Language.of(null)).hasMessageContaining("\"null\"");
        assertThatThrownBy(() -> Language.of("de-DE")).hasMessageContaining("\"de-DE\"");
    }
}
