package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit.StateChange;
import io.galvani.outbox.api.OutboxStorageException;

/** The SQLite store: files, durability settings, atomic commits, damaged files. */
class SqliteStoreTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("outbox").resolve(SqliteStore.FILE_NAME);
    }

    private static NewMessage message(int seqNo, MessageKind kind) {
        return MessageCodec.encode(kind == MessageKind.DROPPABLE ? Messages.updated(seqNo) : Messages.started(seqNo),
                kind, Instant.parse("2025-01-01T10:00:00Z").plusSeconds(seqNo));
    }

    @Test
    void createsAnOwnerOnlyDatabaseInWalModeAtTheLatestSchema() throws Exception {
        try (SqliteStore store = SqliteStore.open(file())) {
            store.commit(List.of(message(1, MessageKind.TRANSACTION)), List.of(), 10, ids -> { });
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
                    .isEqualTo("rwx------");
            Path wal = file().resolveSibling("outbox.db-wal");
            assertThat(wal).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
        }
        try (Connection c = plain(file()); Statement s = c.createStatement()) {
            assertThat(query(s, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(query(s, "PRAGMA user_version")).isEqualTo(Integer.toString(Migrations.LATEST));
        }
    }

    @Test
    void keepsCommitOrderAndState() {
        try (SqliteStore store = SqliteStore.open(file())) {
            List<Long> seen = new ArrayList<>();
            store.commit(List.of(message(1, MessageKind.TRANSACTION), message(2, MessageKind.DROPPABLE)),
                    List.of(new StateChange("tx", "seqNo", "2"), new StateChange("tx", "id", Messages.TX)), 10,
                    seen::addAll);
            store.commit(List.of(message(3, MessageKind.TRANSACTION)),
                    List.of(new StateChange("tx", "seqNo", "3"), new StateChange("tx", "id", null)), 10, seen::addAll);
            assertThat(seen).hasSize(3).isSorted();
            assertThat(store.messages()).extracting(StoredMessage::id).containsExactlyElementsOf(seen);
            assertThat(store.messages()).extracting(StoredMessage::kind).containsExactly(MessageKind.TRANSACTION,
                    MessageKind.DROPPABLE, MessageKind.TRANSACTION);
            assertThat(store.state("tx")).containsExactly(Map.entry("seqNo", "3"));
            assertThat(store.state("other")).isEmpty();
            assertThat(store.count()).isEqualTo(3);
            assertThat(store.oldest()).isEqualTo(Instant.parse("2025-01-01T10:00:01Z"));
        }
    }

    @Test
    void aFailingCommitStoresNothingNeitherMessagesNorState() throws Exception {
        try (SqliteStore store = SqliteStore.open(file())) {
            store.commit(List.of(message(1, MessageKind.TRANSACTION)), List.of(new StateChange("tx", "seqNo", "1")), 10,
                    ids -> { });
        }
        // A trigger makes the second statement of the next commit fail, after its message was inserted.
        try (Connection c = plain(file()); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER boom BEFORE INSERT ON state WHEN NEW.key = 'boom' "
                    + "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        }
        try (SqliteStore store = SqliteStore.open(file())) {
            List<Long> told = new ArrayList<>();
            assertThatThrownBy(() -> store.commit(List.of(message(2, MessageKind.TRANSACTION)),
                    List.of(new StateChange("tx", "seqNo", "2"), new StateChange("tx", "boom", "x")), 10, told::addAll))
                    .isInstanceOf(OutboxStorageException.class)
                    .hasMessageContaining("nothing stored").hasMessageContaining("injected failure");
            assertThat(told).isEmpty();
            assertThat(store.messages()).hasSize(1);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.state("tx")).containsExactly(Map.entry("seqNo", "1"));
            // The store is still usable.
            store.commit(List.of(message(2, MessageKind.TRANSACTION)), List.of(new StateChange("tx", "seqNo", "2")), 10,
                    ids -> { });
            assertThat(store.messages()).hasSize(2);
        }
        try (SqliteStore store = SqliteStore.open(file())) {
            assertThat(store.state("tx")).containsExactly(Map.entry("seqNo", "2"));
        }
    }

    @Test
    void countsFailedAttemptsDurablyAndDeletes() {
        long id;
        try (SqliteStore store = SqliteStore.open(file())) {
            store.commit(List.of(message(1, MessageKind.TRANSACTION), message(2, MessageKind.TRANSACTION)), List.of(),
                    10, ids -> { });
            id = store.claimHead().orElseThrow().id();
            assertThat(store.recordFailedAttempt(id)).isEqualTo(1);
            assertThat(store.recordFailedAttempt(id)).isEqualTo(2);
        }
        try (SqliteStore store = SqliteStore.open(file())) {
            assertThat(store.claimHead().orElseThrow().attempts()).isEqualTo(2);
            assertThat(store.delete(id)).isTrue();
            assertThat(store.delete(id)).as("already gone").isFalse();
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    void aSecondOpenerIsToldTheFileIsInUse() {
        try (SqliteStore store = SqliteStore.open(file())) {
            store.commit(List.of(message(1, MessageKind.TRANSACTION)), List.of(), 10, ids -> { });
            assertThatThrownBy(() -> SqliteStore.open(file())).isInstanceOf(OutboxStorageException.class)
                    .hasMessageContaining("in use");
            assertThat(store.messages()).hasSize(1);
        }
    }

    @Test
    void anUnreadableFileIsMovedAsideAndAnEmptyOutboxStarts() throws Exception {
        Files.createDirectories(file().getParent());
        byte[] garbage = "this is not a database, but flash noise after a power cut ...".repeat(100)
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(file(), garbage);
        try (SqliteStore store = SqliteStore.open(file())) {
            assertThat(store.count()).isZero();
            store.commit(List.of(message(1, MessageKind.TRANSACTION)), List.of(), 10, ids -> { });
        }
        try (var files = Files.list(file().getParent())) {
            Path moved = files.filter(p -> p.getFileName().toString().startsWith("outbox.db.corrupt-")).findFirst()
                    .orElseThrow();
            assertThat(Files.readAllBytes(moved)).isEqualTo(garbage);
        }
    }

    @Test
    void aClosedStoreRefusesCommits() {
        SqliteStore store = SqliteStore.open(file());
        store.close();
        assertThatThrownBy(() -> store.commit(List.of(message(1, MessageKind.TRANSACTION)), List.of(), 10, ids -> { }))
                .isInstanceOf(OutboxStorageException.class).hasMessageContaining("closed");
    }

    static Connection plain(Path file) throws SQLException {
        return new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
    }

    static String query(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
