package io.galvani.firmware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.types.FirmwareStatusEnumType;

class UpdateStoreTest {
    @TempDir
    Path dir;

    @Test
    void roundTripOwnerOnly() throws Exception {
        UpdateStore store = new UpdateStore(dir.resolve("firmware"));
        UpdateRecord r = new UpdateRecord(5, UpdateRecord.Phase.INSTALLING, "ftp://u:p@h/fw.zip", 2, 30,
                Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-02T00:00:00Z"), "PEM", "SIG",
                dir.resolve("x.img"), FakeInstaller.NEW);

        store.save(new UpdateStore.State(Optional.of(r), FirmwareStatusEnumType.Installing, 5));

        UpdateStore.State back = store.load();
        assertThat(back.update()).contains(r);
        assertThat(back.lastStatus()).isEqualTo(FirmwareStatusEnumType.Installing);
        assertThat(back.lastRequestId()).isEqualTo(5);
        assertThat(UpdateStore.permissions(store.file())).isEqualTo("rw-------");
        assertThat(UpdateStore.permissions(dir.resolve("firmware"))).isEqualTo("rwx------");
        assertThat(dir.resolve("firmware").resolve("update.properties.tmp")).doesNotExist();
    }

    @Test
    void nothingStoredYet_empty() throws Exception {
        assertThat(new UpdateStore(dir).load()).isEqualTo(UpdateStore.State.empty());
    }

    @Test
    void newerFormatRefused() throws Exception {
        Files.writeString(dir.resolve("update.properties"), "format=2\nrequestId=1\n");
        assertThatThrownBy(() -> new UpdateStore(dir).load()).isInstanceOf(UpdateStore.Unreadable.class)
                .hasMessageContaining("format 2");
    }

    @Test
    void sameSetComparesVersionAndContent() {
        assertThat(UpdateRecord.sameSet(FakeInstaller.NEW, FakeInstaller.NEW)).isTrue();
        assertThat(UpdateRecord.sameSet(FakeInstaller.OLD, FakeInstaller.NEW)).isFalse();
        assertThat(UpdateRecord.sameSet(null, FakeInstaller.NEW)).isFalse();
    }
}
