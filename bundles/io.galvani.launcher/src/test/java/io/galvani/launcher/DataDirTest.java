package io.galvani.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @Test
    void aNewDataDirIsOwnerOnly(@TempDir Path parent) throws Exception {
        Path dir = DataDir.prepare(parent.resolve("a/b/galvani-data"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void theFirstVariantIsRememberedAndAnotherOneRefused(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("conf/variants"));
        Files.writeString(home.resolve("conf/variants/reference-dc480.json"), "{}");
        Files.writeString(home.resolve("conf/variants/dual-dc480-shared.json"), "{}");
        Path data = home.resolve("data");
        java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("STATION_DATA_DIR", data.toString()));

        java.util.Map<String, String> p = new StationEnvironment(env::get).frameworkProperties(home);
        DataDir.bindVariant(DataDir.prepare(data), p.get("galvani.variant"));
        assertThat(DataDir.variant(data)).isEqualTo("reference-dc480");

        env.put("STATION_VARIANT", "dual-dc480-shared");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StationEnvironment(env::get).frameworkProperties(home))
                .hasMessageStartingWith("STATION_VARIANT=\"dual-dc480-shared\" is invalid: reference-dc480, the variant"
                        + " this data dir was set up for");
        env.put("STATION_VARIANT", "reference-dc480");
        assertThat(new StationEnvironment(env::get).frameworkProperties(home)).containsEntry("galvani.variant",
                "reference-dc480");
    }

    @Test
    void anExistingDataDirIsLeftAsItIs(@TempDir Path dir) throws Exception {
        String before = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
        DataDir.prepare(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo(before);
    }
}
