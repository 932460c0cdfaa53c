package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailabilityStoreTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip_andNoTemporaryFileLeft() throws Exception {
        AvailabilityStore store = new AvailabilityStore(dir.resolve("ops/availability.properties"));
        AvailabilitySettings settings = new AvailabilitySettings(true, Set.of(2, 1),
                Set.of(Scope.connector(1, 2), Scope.connector(3, 1)));
        store.save(settings);
        assertThat(store.load()).isEqualTo(settings);
        try (var files = Files.list(dir.resolve("ops"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("availability.properties");
        }
    }

    @Test
    void noFile_allOperative() {
        assertThat(new AvailabilityStore(dir.resolve("none")).load()).isEqualTo(AvailabilitySettings.ALL_OPERATIVE);
    }

    @Test
    void version1Fixture_isRead() throws Exception {
        Path file = dir.resolve("availability.properties");
        Files.writeString(file, """
                #Galvani availability (ChangeAvailability); written by io.galvani.operations
                version=1
                station.inoperative=false
                evse.inoperative=2
                connector.inoperative=1/1
                """);
        assertThat(new AvailabilityStore(file).load()).isEqualTo(
                new AvailabilitySettings(false, Set.of(2), Set.of(Scope.connector(1, 1))));
    }

    @Test
    void corruptOrNewerFile_allOperative() throws Exception {
        Path file = dir.resolve("availability.properties");
        Files.writeString(file, "version=1\nconnector.inoperative=1-1\n");
        assertThat(new AvailabilityStore(file).load()).isEqualTo(AvailabilitySettings.ALL_OPERATIVE);
        Files.writeString(file, "version=2\nstation.inoperative=true\n");
        assertThat(new AvailabilityStore(file).load()).isEqualTo(AvailabilitySettings.ALL_OPERATIVE);
    }
}
