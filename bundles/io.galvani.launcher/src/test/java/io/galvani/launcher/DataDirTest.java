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
    void anExistingDataDirIsLeftAsItIs(@TempDir Path dir) throws Exception {
        String before = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
        DataDir.prepare(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo(before);
    }
}
