package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The line format of the README, so that others can verify the log without Galvani. */
class LogRecordTest {
    private static final Instant T = Instant.parse("2025-03-01T12:00:00.123456Z");

    @Test
    void aLineStartsWithItsUtcTimestampThenTypeTechInfoSeqAndHash() {
        LogRecord r = LogRecord.next(T, "StartupOfTheDevice", "reason=PowerUp", 41, LogRecord.GENESIS);

        assertThat(r.line()).matches("2025-03-01T12:00:00\\.123Z StartupOfTheDevice reason=PowerUp #42 [0-9a-f]{64}");
        assertThat(LogRecord.parse(r.line())).isEqualTo(r);
    }

    @Test
    void theHashIsSha256OfThePreviousHashFollowedByTheLineWithoutItsHash() throws Exception {
        String previous = "ab".repeat(32);
        LogRecord r = LogRecord.next(T, "InvalidMessages", "from 10.0.0.7: not JSON", 7, previous);

        // What `printf '%s%s' "$prev" "$content" | sha256sum` computes.
        String content = r.line().substring(0, r.line().lastIndexOf(' '));
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((previous + content).getBytes(StandardCharsets.UTF_8));
        assertThat(r.hash()).isEqualTo(HexFormat.of().formatHex(digest));
        assertThat(r.chainsFrom(previous)).isTrue();
        assertThat(r.chainsFrom(LogRecord.GENESIS)).isFalse();
    }

    @Test
    void techInfoMayBeEmptyOrHoldSpacesAndHashSigns() {
        LogRecord empty = LogRecord.next(T, "ResetOrReboot", "", 0, LogRecord.GENESIS);
        LogRecord tricky = LogRecord.next(T, "X", " #12 " + "f".repeat(64) + " ", 0, LogRecord.GENESIS);

        assertThat(empty.line()).contains("ResetOrReboot  #1 ");
        assertThat(LogRecord.parse(empty.line())).isEqualTo(empty);
        assertThat(LogRecord.parse(tricky.line())).isEqualTo(tricky);
    }

    @Test
    void tornOrForeignLinesAreNoRecords() {
        String line = LogRecord.next(T, "StartupOfTheDevice", "reason=PowerUp", 0, LogRecord.GENESIS).line();

        assertThat(LogRecord.parse(line.substring(0, line.length() - 1))).isNull();
        assertThat(LogRecord.parse(line.substring(0, 30))).isNull();
        assertThat(LogRecord.parse("2025-03-01T13:00:00.123+01:00 INFO  StartupOfTheDevice reason=PowerUp")).isNull();
        assertThat(LogRecord.parse(line.replace("12:00:00.123Z", "12:00:00.12Z"))).as("another spelling").isNull();
        assertThat(LogRecord.parse("")).isNull();
    }

    @Test
    void fileRecordsNameTheHashTheyChainFrom() {
        String prev = "c".repeat(64);
        LogRecord file = LogRecord.next(T, LogRecord.FILE, LogRecord.fileTechInfo("rotated", prev), 9, prev);

        assertThat(file.techInfo()).isEqualTo("format=1 reason=rotated prev=" + prev);
        assertThat(file.prev()).isEqualTo(prev);
        assertThat(file.isEvent()).isFalse();
        assertThat(LogRecord.next(T, "X", "prev=" + prev, 0, prev).prev()).as("only @file records").isNull();
    }
}
