package io.galvani.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.types.LogEnumType;
import io.galvani.security.events.internal.ChainVerifier;
import io.galvani.security.events.internal.SecurityLog;

/**
 * N01.FR.03: GetLog SecurityLog uploads the security log that io.galvani.security.events writes, rotated files
 * included, as it is: the archive's lines still form an intact hash chain, and a file cut to the requested
 * period is a contiguous excerpt of it.
 */
class SecurityLogArchiveTest {
    private static final Instant T0 = Instant.parse("2030-05-01T00:00:00Z");

    @TempDir
    Path dir;

    private Instant now = T0;

    @Test
    void N01_FR_03_theSecurityLogArchiveHoldsTheHashChainedLinesIntact() throws Exception {
        writeSecurityLog(120);

        List<LogArchiver.LogFile> files = LogArchiver.select(dir, LogEnumType.SecurityLog, null, null);
        assertThat(files).extracting(f -> f.path().getFileName().toString())
                .containsExactly("security.log", "security.1.log", "security.2.log");
        Map<String, String> entries = archive(files, null, null);

        List<Map.Entry<String, String>> oldestFirst = List.of(Map.entry("security.2.log", entries.get("security.2.log")),
                Map.entry("security.1.log", entries.get("security.1.log")),
                Map.entry("security.log", entries.get("security.log")));
        ChainVerifier.Report report = ChainVerifier.verify(oldestFirst);
        assertThat(report.intact()).as(report.toString()).isTrue();
        assertThat(report.files()).isEqualTo(3);
        for (Path f : SecurityLog.filesOldestFirst(dir)) {
            assertThat(entries.get(f.getFileName().toString())).as("stored as it is").isEqualTo(Files.readString(f));
        }
    }

    @Test
    void N01_aPeriodCutsTheSecurityLogIntoAnExcerptOfTheChain() throws Exception {
        writeSecurityLog(120);
        Instant oldest = T0.plusSeconds(60 * 50);
        Instant latest = T0.plusSeconds(60 * 80);

        Map<String, String> entries = archive(LogArchiver.select(dir, LogEnumType.SecurityLog, oldest, latest), oldest,
                latest);

        List<String> lines = new ArrayList<>();
        for (String name : List.of("security.2.log", "security.1.log", "security.log")) {
            if (entries.containsKey(name)) {
                lines.addAll(entries.get(name).lines().toList());
            }
        }
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(LogArchiver.timestamp(l)).isBetween(oldest, latest));
        ChainVerifier.Report excerpt = ChainVerifier.verifyExcerpt("period", lines);
        assertThat(excerpt.intact()).as(excerpt.toString()).isTrue();
        assertThat(excerpt.records()).isEqualTo(lines.size());
    }

    @Test
    void N01_filesLogbackWroteBeforeAreUploadedToo() throws Exception {
        LogFiles.write(dir.resolve("security.log"), T0, LogFiles.line(T0.minusSeconds(60), "StartupOfTheDevice reason=PowerUp"));
        LogFiles.write(dir.resolve("security.1.log.gz"), T0.minusSeconds(60),
                LogFiles.line(T0.minusSeconds(3600), "ResetOrReboot reason=RemoteReset"));
        writeSecurityLog(3); // moves them to security-legacy*

        List<LogArchiver.LogFile> files = LogArchiver.select(dir, LogEnumType.SecurityLog, null, null);

        assertThat(files).extracting(f -> f.path().getFileName().toString())
                .containsExactly("security.log", "security-legacy.log", "security-legacy.1.log.gz");
        Map<String, String> entries = archive(files, null, null);
        assertThat(entries.get("security-legacy.1.log.gz")).contains("ResetOrReboot reason=RemoteReset");
    }

    /** {@code n} events, one a minute, in files of 4 KiB, three at most. */
    private void writeSecurityLog(int n) throws Exception {
        try (SecurityLog log = SecurityLog.open(dir, () -> now, new SecurityLog.Limits(4096, 3))) {
            for (int i = 0; i < n; i++) {
                log.append(i % 10 == 0 ? "StartupOfTheDevice" : "InvalidMessages", "event " + i, i % 10 == 0);
                now = now.plus(Duration.ofMinutes(1));
            }
        }
    }

    private Map<String, String> archive(List<LogArchiver.LogFile> files, Instant oldest, Instant latest)
            throws Exception {
        Path zip = Files.createTempFile(dir.getParent(), "security", ".zip");
        LogArchiver.write(files, zip, oldest, latest, "info\n", () -> false);
        Map<String, String> entries = LogFiles.unzip(Files.readAllBytes(zip));
        Files.delete(zip);
        return entries;
    }
}
