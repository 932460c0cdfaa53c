package io.galvani.firmware.installer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.firmware.installer.image.ImageBundle;
import io.galvani.firmware.installer.image.ImageManifest;

/** The journal phases of an installation through a restart, and the staged set handed to the launcher. */
class RestartStagingTest {
    @TempDir
    Path dir;

    @Test
    void restartPhasesSurviveTheRoundTrip_withTheLinkStateBefore() throws Exception {
        FirmwareStore store = new FirmwareStore(dir.resolve("firmware"));
        Journal staged = new Journal(Journal.STAGED_FOR_RESTART, "1.0-aaa", "2.0-bbb", "1.0", false, false);
        store.writeJournal(staged);
        assertThat(store.journal()).contains(staged);
        store.writeJournal(staged.withPhase(Journal.ROLLBACK_STAGED));
        assertThat(store.journal().orElseThrow()).satisfies(j -> {
            assertThat(j.phase()).isEqualTo(Journal.ROLLBACK_STAGED);
            assertThat(j.linkUpBefore()).isFalse();
            assertThat(j.previousFirmwareVersion()).isEqualTo("1.0");
        });
    }

    @Test
    void aJournalOfA10InstallerWithoutTheLinkStateIsReadAsLinkUpBefore() throws Exception {
        Journal j = Journal.parse(("{\"version\":1,\"phase\":\"APPLIED\",\"fromSet\":\"a\",\"toSet\":\"b\","
                + "\"previousFirmwareVersion\":\"\",\"powerPath\":true}").getBytes(StandardCharsets.UTF_8));
        assertThat(j.linkUpBefore()).isTrue();
        assertThat(j.phase()).isEqualTo(Journal.APPLIED);
    }

    @Test
    void theStagedSetNamesOnlyTheChangedBundles_withJarAndStartLevelOnBothSides() throws Exception {
        Path root = dir.resolve("firmware");
        new FirmwareStore(root);
        ImageManifest from = set("1.0", new ImageBundle("a", "1.0.0", "a".repeat(64), 2, "a-1.0.0.jar"),
                new ImageBundle("gone", "1.0.0", "c".repeat(64), 3, "gone.jar"),
                new ImageBundle("same", "1.0.0", "d".repeat(64), 3, "same.jar"));
        ImageManifest to = set("2.0", new ImageBundle("a", "1.1.0", "b".repeat(64), 2, "a-1.1.0.jar"),
                new ImageBundle("new", "1.0.0", "e".repeat(64), 4, "new.jar"),
                new ImageBundle("same", "1.0.0", "d".repeat(64), 3, "same.jar"));
        List<String> changed = InstallerComponent.changedNames(to, from);
        assertThat(changed).containsExactly("a", "gone", "new");

        StagedSetFile file = new StagedSetFile(root);
        file.stage(changed, to, dir.resolve("sets/2.0"), from, dir.resolve("sets/1.0"));
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(root.resolve(StagedSetFile.NAME))));
        assertThat(p.getProperty("state")).isEqualTo(StagedSetFile.STAGED);
        assertThat(p.getProperty("changed")).isEqualTo("a,gone,new");
        assertThat(p.getProperty("to.a")).isEqualTo("2 " + dir.resolve("sets/2.0/a-1.1.0.jar").toAbsolutePath());
        assertThat(p.getProperty("from.a")).isEqualTo("2 " + dir.resolve("sets/1.0/a-1.0.0.jar").toAbsolutePath());
        assertThat(p.getProperty("to.new")).startsWith("4 ");
        assertThat(p).doesNotContainKeys("from.new", "to.gone", "to.same", "from.same");
        assertThat(root.resolve(StagedSetFile.NAME + ".tmp")).doesNotExist();

        // what the launcher writes back
        p.setProperty("state", StagedSetFile.RESTORED);
        p.setProperty("reason", "a 1.1.0 did not start");
        try (var out = Files.newBufferedWriter(root.resolve(StagedSetFile.NAME))) {
            p.store(out, null);
        }
        assertThat(file.read()).isEqualTo(new StagedSetFile.Outcome(StagedSetFile.RESTORED, "a 1.1.0 did not start"));
        file.delete();
        assertThat(file.read().state()).isEmpty();
    }

    @Test
    void aStartLevelChangeAloneIsAChange() {
        ImageManifest from = set("1.0", new ImageBundle("a", "1.0.0", "a".repeat(64), 2, "a.jar"));
        ImageManifest to = set("1.1", new ImageBundle("a", "1.0.0", "a".repeat(64), 3, "a.jar"));
        assertThat(InstallerComponent.changedNames(to, from)).containsExactly("a");
        assertThat(InstallerComponent.changedNames(from, from)).isEmpty();
    }

    private static ImageManifest set(String version, ImageBundle... bundles) {
        return new ImageManifest(ImageManifest.FORMAT_VERSION, version, Instant.parse("2026-01-01T00:00:00Z"), List.of(bundles));
    }
}
