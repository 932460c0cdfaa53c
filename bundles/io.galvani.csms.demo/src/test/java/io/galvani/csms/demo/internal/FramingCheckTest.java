package io.galvani.csms.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FramingCheckTest {

    @ParameterizedTest
    @ValueSource(strings = { "[2,\"a\",\"Heartbeat\",{}]", "[3,\"a\",{}]", "[4,\"a\",\"GenericError\",\"\",{}]",
            "[2,\"123456789012345678901234567890123456\",\"Heartbeat\",{}]" })
    void wellFramed(String text) {
        assertThat(FramingCheck.parse(text).violations()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                                        | Not a JSON array",
        "[2,\"a\",\"Heartbeat\",{}] x              | Not valid JSON",
        "[\"2\",\"a\",\"Heartbeat\",{}]            | MessageTypeId missing",
        "[9,\"a\",{}]                              | Unknown MessageTypeId 9",
        "[2,1,\"Heartbeat\",{}]                    | MessageId missing or not a string",
        "[2,\"1234567890123456789012345678901234567\",\"Heartbeat\",{}] | MessageId longer than 36",
        "[2,\"a\",\"Heartbeat\"]                   | CALL must have 4 elements",
        "[2,\"a\",\"Heartbeat\",[]]                | Payload missing or not a JSON object",
        "[3,\"a\",{},{}]                           | CALLRESULT must have 3 elements",
        "[4,\"a\",\"GenericError\",{}]             | CALLERROR must have 5 elements" })
    void violation(String text, String expected) {
        assertThat(FramingCheck.parse(text.trim()).violations()).anyMatch(v -> v.startsWith(expected.trim()));
    }
}
