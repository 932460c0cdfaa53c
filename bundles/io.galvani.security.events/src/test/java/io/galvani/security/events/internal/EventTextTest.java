package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.messages.SecurityEventNotificationRequest;
import io.galvani.ocpp.testing.OcppSchemas;

/** A04 / SecurityEventNotificationRequest limits: type string(50), techInfo string(255); one event, one line. */
class EventTextTest {

    @Test
    void A04_typeIsCutTo50AndTechInfoTo255Characters() {
        EventText text = EventText.of("V".repeat(60), "x".repeat(300));

        assertThat(text.type()).hasSize(50);
        assertThat(text.techInfo()).hasSize(255).endsWith("\u2026").as("a reader sees it was cut")
                .startsWith("x".repeat(254));
        OcppSchemas.assertValid(new SecurityEventNotificationRequest(null, text.type(), Instant.EPOCH, text.techInfo()));
    }

    @Test
    void A04_textWithinTheLimitsIsKeptAsItIs() {
        EventText text = EventText.of("InvalidCsmsCertificate", "  CN=csms.example, expired 2024-01-01 ");

        assertThat(text.type()).isEqualTo("InvalidCsmsCertificate");
        assertThat(text.typeChanged()).isFalse();
        assertThat(text.techInfo()).isEqualTo("CN=csms.example, expired 2024-01-01");
    }

    @Test
    void lineBreaksAndControlCharactersCannotForgeASecondLogLine() {
        EventText text = EventText.of("Invalid\nMessages", "a\r\nb\tc\u0000d\u001b[31me\u2028f\u0085g\u202eh");

        assertThat(text.type()).isEqualTo("Invalid_Messages").doesNotContain("\n");
        assertThat(text.techInfo()).isEqualTo("a  b cd[31me f gh");
        assertThat(text.techInfo().chars()).noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u202e');
    }

    @Test
    void cuttingNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDD12"; // one character, two UTF-16 units
        EventText text = EventText.of("T", "a" + emoji.repeat(200));

        assertThat(text.techInfo().length()).isLessThanOrEqualTo(255);
        assertThat(Character.isHighSurrogate(text.techInfo().charAt(text.techInfo().length() - 2))).isFalse();
        assertThat(text.techInfo().codePoints()).noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }

    @Test
    void theLogsOwnRecordTypesCannotBeReported() {
        assertThat(EventText.of("@file", null).type()).isEqualTo("_file");
        assertThat(EventText.of("@file", null).typeChanged()).isTrue();
    }

    @Test
    void noTypeIsRecordedAsUnknownAndNoTechInfoIsAbsent() {
        EventText text = EventText.of(" \n", null);

        assertThat(text.type()).isEqualTo(EventText.UNKNOWN_TYPE);
        assertThat(text.techInfo()).isEmpty();
        assertThat(text.techInfoOrNull()).isNull();
    }
}
