package io.galvani.firmware.installer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.firmware.installer.image.ImageBundle;
import io.galvani.firmware.installer.image.ImageManifest;

class FirmwareStoreTest {
    @TempDir
    Path dir;

    @Test
    void journalSurvivesARoundTripAndIsGoneAfterDelete() throws Exception {
        FirmwareStore store = new FirmwareStore(dir.resolve("firmware"));
        assertThat(store.journal()).isEmpty();
        Journal j = new Journal(Journal.APPLYING, "1.0-aaa", "2.0-bbb", "", true);
        store.writeJournal(j);
        assertThat(store.journal()).contains(j);
        store.writeJournal(j.withPhase(Journal.APPLIED));
        assertThat(store.journal().orElseThrow().phase()).isEqualTo(Journal.APPLIED);
        assertThat(dir.resolve("firmware/journal.json.tmp")).doesNotExist();
        store.deleteJournal();
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void aJournalOfAnotherVersionOrPhaseIsNotTrusted() {
        assertThatThrownBy(() -> Journal.parse("{\"version\":2,\"phase\":\"APPLYING\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown journal version");
        assertThatThrownBy(() -> Journal.parse("{\"version\":1,\"phase\":\"HALF\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown journal phase HALF");
    }

    @Test
    void setNamesDependOnVersionAndContent() {
        ImageManifest a = set("1.0/beta", "a".repeat(64));
        ImageManifest b = set("1.0/beta", "b".repeat(64));
        assertThat(FirmwareStore.setName(a)).startsWith("1.0_beta-").hasSize("1.0_beta-".length() + 12);
        assertThat(FirmwareStore.setName(a)).isNotEqualTo(FirmwareStore.setName(b)).isEqualTo(FirmwareStore.setName(set("1.0/beta", "a".repeat(64))));
    }

    @Test
    void removedBundlesListIsWhatTheLauncherReads() throws Exception {
        FirmwareStore store = new FirmwareStore(dir.resolve("firmware"));
        store.writeRemovedBundles(List.of("b.bundle", "a.bundle"));
        assertThat(store.removedBundles()).containsExactly("a.bundle", "b.bundle");
        assertThat(Files.readAllLines(dir.resolve("firmware/removed-bundles"))).first().asString().startsWith("#");
    }

    @Test
    void pruneKeepsTheProtectedAndTheNewestCompleteSets() throws Exception {
        FirmwareStore store = new FirmwareStore(dir.resolve("firmware"));
        int age = 0;
        for (String name : List.of("old", "older-incomplete", "previous", "current")) {
            Files.createDirectories(store.set(name));
            if (!name.contains("incomplete")) {
                store.completeSet(name, set(name, "c".repeat(64)));
            }
            Files.setLastModifiedTime(store.set(name), FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(age++)));
        }
        store.prune(2, Set.of("current"));
        assertThat(store.set("current")).exists();
        assertThat(store.set("previous")).exists();
        assertThat(store.set("old")).doesNotExist();
        assertThat(store.set("older-incomplete")).doesNotExist();
    }

    private static ImageManifest set(String version, String hash) {
        return new ImageManifest(1, version, Instant.parse("2026-12-01T00:00:00Z"),
                List.of(new ImageBundle("test.a", "1.0.0", hash, 5, "a.jar")));
    }
}
