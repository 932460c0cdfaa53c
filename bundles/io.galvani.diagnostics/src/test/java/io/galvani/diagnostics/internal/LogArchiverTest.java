package io.galvani.diagnostics.internal;

import static io.galvani.diagnostics.internal.LogFiles.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.types.LogEnumType;

class LogArchiverTest {
    static final Instant T0 = Instant.parse("2030-05-01T00:00:00Z");

    @TempDir
    Path dir;

    private void threeGenerations() throws Exception {
        // galvani.2 holds day 1, galvani.1 day 2, galvani.log day 3 (each file ends at its mtime)
        LogFiles.write(dir.resolve("galvani.2.log.gz"), T0.plusSeconds(86_400),
                line(T0.plusSeconds(3_600), "day1 a"), line(T0.plusSeconds(80_000), "day1 b"));
        LogFiles.write(dir.resolve("galvani.1.log.gz"), T0.plusSeconds(2 * 86_400),
                line(T0.plusSeconds(90_000), "day2 a"), line(T0.plusSeconds(170_000), "day2 b"));
        LogFiles.write(dir.resolve("galvani.log"), T0.plusSeconds(3 * 86_400),
                line(T0.plusSeconds(180_000), "day3 a"), "\tat a.stack.Trace(Line.java:1)\n",
                line(T0.plusSeconds(250_000), "day3 b"));
        LogFiles.write(dir.resolve("ocpp-messages.log"), T0.plusSeconds(3 * 86_400), line(T0.plusSeconds(200_000), "frame"));
        LogFiles.write(dir.resolve("security.log"), T0.plusSeconds(3 * 86_400), line(T0.plusSeconds(200_000), "sec"));
        LogFiles.write(dir.resolve("unrelated.txt"), T0, "x\n");
    }

    @Test
    void diagnosticsLogIsTheOperationalAndMessageLogsNewestFirst() throws Exception {
        threeGenerations();
        List<LogArchiver.LogFile> files = LogArchiver.select(dir, LogEnumType.DiagnosticsLog, null, null);
        assertThat(files).extracting(f -> f.path().getFileName().toString())
                .containsExactly("galvani.log", "galvani.1.log.gz", "galvani.2.log.gz", "ocpp-messages.log");
        assertThat(files).noneMatch(LogArchiver.LogFile::filterLines);
        assertThat(LogArchiver.select(dir, LogEnumType.SecurityLog, null, null))
                .extracting(f -> f.path().getFileName().toString()).containsExactly("security.log");
    }

    @Test
    void periodSelectsFilesByModificationTimeAndCutsBoundaryFilesByLine() throws Exception {
        threeGenerations();
        Instant oldest = T0.plusSeconds(100_000); // inside day 2
        Instant latest = T0.plusSeconds(200_000); // inside day 3
        List<LogArchiver.LogFile> files = LogArchiver.select(dir, LogEnumType.DiagnosticsLog, oldest, latest);
        assertThat(files).extracting(f -> f.path().getFileName().toString())
                .containsExactly("galvani.log", "galvani.1.log.gz", "ocpp-messages.log");

        Path zip = dir.resolve("out.zip");
        LogArchiver.write(files, zip, oldest, latest, "info\n", () -> false);
        Map<String, String> entries = LogFiles.unzip(Files.readAllBytes(zip));
        assertThat(entries).containsOnlyKeys("galvani-log-info.txt", "galvani.log", "galvani.1.log", "ocpp-messages.log");
        assertThat(entries.get("galvani.1.log")).contains("day2 b").doesNotContain("day2 a");
        // the stack trace line goes with its log line
        assertThat(entries.get("galvani.log")).contains("day3 a", "at a.stack.Trace").doesNotContain("day3 b");
        assertThat(entries.get("ocpp-messages.log")).contains("frame");
    }

    @Test
    void wholeFilesAreCopiedAsTheyAre() throws Exception {
        threeGenerations();
        List<LogArchiver.LogFile> files = LogArchiver.select(dir, LogEnumType.DiagnosticsLog, null, null);
        Path zip = dir.resolve("out.zip");
        LogArchiver.write(files, zip, null, null, "info\n", () -> false);
        Map<String, String> entries = LogFiles.unzip(Files.readAllBytes(zip));
        assertThat(entries).containsKeys("galvani.2.log.gz", "galvani.1.log.gz", "galvani.log");
        assertThat(entries.get("galvani.2.log.gz")).contains("day1 a", "day1 b");
    }

    @Test
    void nothingInPeriodOrNoFilesSelectsNothing() throws Exception {
        assertThat(LogArchiver.select(dir.resolve("missing"), LogEnumType.DiagnosticsLog, null, null)).isEmpty();
        assertThat(LogArchiver.select(dir, LogEnumType.DiagnosticsLog, null, null)).isEmpty();
        threeGenerations();
        assertThat(LogArchiver.select(dir, LogEnumType.DiagnosticsLog, T0.plusSeconds(10 * 86_400), null)).isEmpty();
        assertThat(LogArchiver.select(dir, LogEnumType.SecurityLog, null, T0.minusSeconds(10))).isEmpty();
        Files.writeString(dir.resolve("security.log"), ""); // logback creates it empty at start
        assertThat(LogArchiver.select(dir, LogEnumType.SecurityLog, null, null)).isEmpty();
    }

    @Test
    void lineTimestamps() {
        assertThat(LogArchiver.timestamp("2030-05-01T01:00:00.000+01:00 INFO x")).isEqualTo(T0);
        assertThat(LogArchiver.timestamp("2030-05-01T00:00:00.000Z INFO x")).isEqualTo(T0);
        assertThat(LogArchiver.timestamp("\tat x.y(Z.java:1)")).isNull();
        assertThat(LogArchiver.timestamp("14:33:40.123 INFO console pattern")).isNull();
    }
}
