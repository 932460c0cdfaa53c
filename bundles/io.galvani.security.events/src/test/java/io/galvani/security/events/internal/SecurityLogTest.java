package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.MutableClock;

/**
 * The security log on disk (A04.FR.04, "in a rolling format"): hash chain, tamper evidence at the line,
 * size bound and rotation, restarts and power cuts, owner-only files, files logback left.
 */
class SecurityLogTest {
    private static final SecurityLog.Limits ROOMY = new SecurityLog.Limits(1024 * 1024, 5);
    private static final SecurityLog.Limits SMALL = new SecurityLog.Limits(4096, 3);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private SecurityLog log;

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    // ---- chain ----

    @Test
    void A04_FR_04_eachEventIsOneLineThatStartsWithItsTimestamp() throws Exception {
        givenLog(ROOMY);
        log.append("StartupOfTheDevice", "reason=PowerUp", true);
        clock.advance(Duration.ofSeconds(1));
        log.append("InvalidMessages", "from 10.0.0.7", false);

        List<String> lines = lines(SecurityLog.CURRENT);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("2025-01-01T00:00:00.000Z @file format=1 reason=new prev=" + LogRecord.GENESIS
                + " #1 ");
        assertThat(lines.get(1)).startsWith("2025-01-01T00:00:00.000Z StartupOfTheDevice reason=PowerUp #2 ");
        assertThat(lines.get(2)).startsWith("2025-01-01T00:00:01.000Z InvalidMessages from 10.0.0.7 #3 ");
        assertThat(verify()).satisfies(r -> {
            assertThat(r.intact()).isTrue();
            assertThat(r.records()).isEqualTo(3);
            assertThat(r.notes()).isEmpty();
        });
    }

    @Test
    void A04_FR_04_theFileTimeIsTheStationTimeOfItsLastRecord() throws Exception {
        givenLog(ROOMY);
        clock.advance(Duration.ofDays(400)); // the station clock, not the OS clock, dates the records
        log.append("SettingSystemTime", "", true);

        assertThat(Files.getLastModifiedTime(dir.resolve(SecurityLog.CURRENT)).toInstant())
                .isEqualTo(clock.instant());
    }

    @Test
    void anEditedLineBreaksTheChainAtThatLine() throws Exception {
        givenEvents(ROOMY, 10);
        List<String> lines = lines(SecurityLog.CURRENT);
        lines.set(4, lines.get(4).replace("192.0.2.1", "192.0.2.9"));
        write(SecurityLog.CURRENT, lines);

        assertThat(verify().broken()).satisfies(b -> {
            assertThat(b.file()).isEqualTo(SecurityLog.CURRENT);
            assertThat(b.line()).isEqualTo(5);
            assertThat(b.reason()).contains("hash does not match");
        });
    }

    @Test
    void aDeletedLineBreaksTheChainWhereItWas() throws Exception {
        givenEvents(ROOMY, 10);
        List<String> lines = lines(SecurityLog.CURRENT);
        lines.remove(6);
        write(SecurityLog.CURRENT, lines);

        assertThat(verify().broken()).satisfies(b -> {
            assertThat(b.line()).isEqualTo(7);
            assertThat(b.reason()).contains("expected #7, found #8");
        });
    }

    @Test
    void reorderedLinesBreakTheChainAtTheFirstOfThem() throws Exception {
        givenEvents(ROOMY, 10);
        List<String> lines = lines(SecurityLog.CURRENT);
        Collections.swap(lines, 3, 4);
        write(SecurityLog.CURRENT, lines);

        assertThat(verify().broken().line()).isEqualTo(4);
    }

    @Test
    void anInsertedLineBreaksTheChainWhereItStands() throws Exception {
        givenEvents(ROOMY, 10);
        List<String> lines = lines(SecurityLog.CURRENT);
        // A forger who knows the format and the previous hash still cannot keep the next record valid.
        LogRecord before = LogRecord.parse(lines.get(2));
        lines.add(3, LogRecord.next(clock.instant(), "MaintenanceLoginAccepted", "user admin", before.seq(),
                before.hash()).line());
        write(SecurityLog.CURRENT, lines);

        assertThat(verify().broken()).satisfies(b -> {
            assertThat(b.line()).isEqualTo(5);
            assertThat(b.reason()).contains("expected #5, found #4");
        });
    }

    @Test
    void aLineThatIsNoRecordBreaksTheChainThere() throws Exception {
        givenEvents(ROOMY, 5);
        List<String> lines = lines(SecurityLog.CURRENT);
        lines.add(2, "2025-01-01T00:00:00.000+00:00 INFO something else");
        write(SecurityLog.CURRENT, lines);

        assertThat(verify().broken().line()).isEqualTo(3);
    }

    // ---- rotation ----

    @Test
    void A04_FR_04_rotationKeepsTheSizeBoundAndTheChain() throws Exception {
        givenEvents(SMALL, 300);

        List<Path> files = SecurityLog.filesOldestFirst(dir);
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("security.2.log", "security.1.log", "security.log");
        for (Path f : files) {
            assertThat(Files.size(f)).as(f.toString()).isLessThanOrEqualTo(SMALL.maxFileBytes());
            assertThat(Files.readAllLines(f).get(0)).as("every file starts with its @file record")
                    .contains(" @file format=1 reason=");
        }
        ChainVerifier.Report report = verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.lastSeq()).isEqualTo(log.lastSeq());
        assertThat(report.notes()).singleElement().asString()
                .contains("security.2.log starts at #").contains("rotated away");
    }

    @Test
    void eachFileNamesTheHashItContinuesFrom() throws Exception {
        givenEvents(SMALL, 100);

        List<String> older = lines("security.1.log");
        LogRecord lastOfOlder = LogRecord.parse(older.get(older.size() - 1));
        LogRecord first = LogRecord.parse(lines(SecurityLog.CURRENT).get(0));
        assertThat(first.prev()).isEqualTo(lastOfOlder.hash());
        assertThat(first.seq()).isEqualTo(lastOfOlder.seq() + 1);
    }

    @Test
    void aRotatedFileReplacedByAnotherChainIsDetectedAtItsLink() throws Exception {
        givenEvents(SMALL, 100);
        List<String> older = lines("security.1.log");
        older.remove(older.size() - 1); // the last record of the older file is gone
        write("security.1.log", older);

        assertThat(verify().broken()).satisfies(b -> {
            assertThat(b.file()).isEqualTo(SecurityLog.CURRENT);
            assertThat(b.line()).isEqualTo(1);
            assertThat(b.reason()).contains("does not continue where security.1.log ends");
        });
    }

    @Test
    void fewerFilesConfiguredApplyAtTheNextRotation() throws Exception {
        givenEvents(new SecurityLog.Limits(4096, 5), 200);
        assertThat(SecurityLog.filesOldestFirst(dir)).hasSize(5);

        log.limits(new SecurityLog.Limits(4096, 2));
        appendEvents(40);

        assertThat(SecurityLog.filesOldestFirst(dir)).extracting(f -> f.getFileName().toString())
                .containsExactly("security.1.log", "security.log");
        assertThat(verify().intact()).isTrue();
    }

    // ---- restarts and power cuts ----

    @Test
    void aRestartContinuesTheChain() throws Exception {
        givenEvents(ROOMY, 3);
        long last = log.lastSeq();
        log.close();

        givenLog(ROOMY);
        log.append("StartupOfTheDevice", "reason=PowerUp", true);

        assertThat(log.lastSeq()).isEqualTo(last + 1);
        assertThat(verify().intact()).isTrue();
        assertThat(lines(SecurityLog.CURRENT)).noneMatch(l -> l.contains(LogRecord.RECOVERED));
        assertThat(log.openingNotes()).isEmpty();
    }

    @Test
    void aLineTornByAPowerCutIsCutOffAndRecordedInTheChain() throws Exception {
        givenEvents(ROOMY, 3);
        log.close();
        String torn = LogRecord.next(clock.instant(), "ResetOrReboot", "reason=RemoteReset", 4, "a".repeat(64))
                .line().substring(0, 40);
        appendBytes(SecurityLog.CURRENT, torn.getBytes(StandardCharsets.UTF_8));

        givenLog(ROOMY);
        log.append("StartupOfTheDevice", "reason=PowerUp", true);

        List<String> lines = lines(SecurityLog.CURRENT);
        LogRecord recovered = LogRecord.parse(lines.get(lines.size() - 2));
        assertThat(recovered.type()).isEqualTo(LogRecord.RECOVERED);
        assertThat(recovered.techInfo()).contains("torn tail after #4 cut off: 40 bytes, sha256 ")
                .contains("starting \"" + torn.substring(0, 30));
        assertThat(log.openingNotes()).singleElement().asString().contains("torn tail");
        ChainVerifier.Report report = verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.notes()).singleElement().asString().contains("the log was repaired: torn tail");
    }

    @Test
    void zerosAFileSystemLeftAfterAPowerCutAreCutOffToo() throws Exception {
        givenEvents(ROOMY, 3);
        log.close();
        appendBytes(SecurityLog.CURRENT, new byte[8192]);

        givenLog(ROOMY);

        assertThat(lines(SecurityLog.CURRENT)).last().asString().contains(" @recovered torn tail after #4 cut off: 8192 bytes");
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aWholeRecordWithoutItsLineFeedIsKept() throws Exception {
        givenEvents(ROOMY, 3);
        log.close();
        byte[] bytes = Files.readAllBytes(dir.resolve(SecurityLog.CURRENT));
        Files.write(dir.resolve(SecurityLog.CURRENT), java.util.Arrays.copyOf(bytes, bytes.length - 1));

        givenLog(ROOMY);
        log.append("StartupOfTheDevice", "", true);

        assertThat(lines(SecurityLog.CURRENT)).hasSize(5).noneMatch(l -> l.contains(LogRecord.RECOVERED));
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aPowerCutWhileRotatingIsRecoveredAndNoted() throws Exception {
        givenEvents(SMALL, 10);
        log.close();
        // The cut came after security.log was renamed and before the new one was written.
        Files.move(dir.resolve(SecurityLog.CURRENT), dir.resolve("security.1.log"));

        givenLog(SMALL);

        assertThat(lines(SecurityLog.CURRENT)).hasSize(2);
        assertThat(lines(SecurityLog.CURRENT).get(1)).contains(" @recovered security.log was missing: continued after "
                + "security.1.log #11");
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aSecurityLogCutBeforeItsFirstRecordStartsAgainFromTheRotatedOne() throws Exception {
        givenEvents(SMALL, 100);
        log.close();
        Files.write(dir.resolve(SecurityLog.CURRENT), "2025-01-01T00:00:00.000Z @fi".getBytes(StandardCharsets.UTF_8));

        givenLog(SMALL);

        assertThat(lines(SecurityLog.CURRENT).get(1)).contains(" @recovered torn tail (no whole record in the file) "
                + "cut off: 28 bytes").contains("continued after security.1.log");
        assertThat(verify().intact()).isTrue();
    }

    // ---- files ----

    @Test
    void everyFileIsReadableByItsOwnerOnly() throws Exception {
        givenEvents(SMALL, 100);

        for (Path f : SecurityLog.filesOldestFirst(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aDirectoryTheLogCreatesIsTheOwnersOnly() throws Exception {
        dir = dir.resolve("data").resolve("logs");
        givenLog(ROOMY);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void filesLogbackWroteAreKeptUnderLegacyNamesAndMadeOwnerOnly() throws Exception {
        Files.writeString(dir.resolve("security.log"), "2025-01-01T01:00:00.000+01:00 INFO  StartupOfTheDevice reason=PowerUp\n");
        gzip("security.1.log.gz", "2024-12-31T01:00:00.000+01:00 INFO  ResetOrReboot reason=RemoteReset\n");
        gzip("security.2.log.gz", "2024-12-30T01:00:00.000+01:00 INFO  StartupOfTheDevice reason=PowerUp\n");

        givenLog(ROOMY);

        assertThat(Files.readString(dir.resolve("security-legacy.log"))).contains("StartupOfTheDevice reason=PowerUp");
        assertThat(dir.resolve("security-legacy.1.log.gz")).exists();
        assertThat(dir.resolve("security-legacy.2.log.gz")).exists();
        assertThat(dir.resolve("security.1.log.gz")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("security-legacy.log"))))
                .isEqualTo("rw-------");
        assertThat(lines(SecurityLog.CURRENT)).singleElement().asString().contains(" @file format=1 reason=new ");
        assertThat(log.openingNotes()).hasSize(2);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void anEmptySecurityLogLeftByLogbackIsTakenOver() throws Exception {
        Files.createFile(dir.resolve("security.log"));

        givenLog(ROOMY);

        assertThat(lines(SecurityLog.CURRENT)).singleElement().asString().contains(" @file format=1 reason=new ");
        assertThat(dir.resolve("security-legacy.log")).doesNotExist();
    }

    // ---- clearing ----

    @Test
    void clearingStartsANewFileWhoseFirstEventIsSecurityLogWasCleared() throws Exception {
        givenEvents(SMALL, 100);
        long before = log.lastSeq();

        LogRecord cleared = log.clear("test");

        assertThat(SecurityLog.filesOldestFirst(dir)).extracting(f -> f.getFileName().toString())
                .containsExactly("security.log");
        List<String> lines = lines(SecurityLog.CURRENT);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains(" @file format=1 reason=cleared ");
        assertThat(lines.get(1)).isEqualTo(cleared.line()).contains(" SecurityLogWasCleared test; removed 3 files, #")
                .contains("..#" + before);
        ChainVerifier.Report report = verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.notes()).singleElement().asString().contains("security.log starts at #" + (before + 1));
    }

    // ---- helpers ----

    private void givenLog(SecurityLog.Limits limits) throws IOException {
        log = SecurityLog.open(dir, clock::instant, limits);
    }

    private void givenEvents(SecurityLog.Limits limits, int n) throws IOException {
        givenLog(limits);
        appendEvents(n);
    }

    private void appendEvents(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMillis(1500));
            log.append("InvalidMessages", "event " + i + ": a frame that is not OCPP-J from 192.0.2.1", false);
        }
    }

    private ChainVerifier.Report verify() throws IOException {
        return ChainVerifier.verify(dir);
    }

    private List<String> lines(String file) throws IOException {
        return new ArrayList<>(Files.readAllLines(dir.resolve(file)));
    }

    private void write(String file, List<String> lines) throws IOException {
        Files.write(dir.resolve(file), lines);
    }

    private void appendBytes(String file, byte[] bytes) throws IOException {
        Files.write(dir.resolve(file), bytes, StandardOpenOption.APPEND);
    }

    private void gzip(String file, String content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(file)))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
