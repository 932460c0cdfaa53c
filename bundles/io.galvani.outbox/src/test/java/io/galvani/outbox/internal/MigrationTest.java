package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxStorageException;

/** Schema versions: V1 → V2 from a fixture written by V1, and refusal of a newer file. */
class MigrationTest {
    @TempDir
    Path dir;

    private Path fixtureCopy() throws Exception {
        Path file = dir.resolve("outbox").resolve(SqliteStore.FILE_NAME);
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("outbox-v1.db")) {
            assertThat(in).as("fixture outbox-v1.db").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void fixtureIsAVersion1Database() throws Exception {
        Path file = fixtureCopy();
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            assertThat(SqliteStoreTest.query(s, "PRAGMA user_version")).isEqualTo("1");
            assertThat(columns(s)).doesNotContain("attempts");
        }
    }

    @Test
    void fixtureIsWhatTheGeneratorWrites() throws Exception {
        Path generated = dir.resolve("generated").resolve("outbox-v1.db");
        OutboxV1Fixture.write(generated);
        assertThat(dump(generated)).isEqualTo(dump(fixtureCopy()));
    }

    @Test
    void openingVersion1MigratesToTheLatestAndLosesNothing() throws Exception {
        Path file = fixtureCopy();
        List<String> before = dump(file);
        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(store.messages()).hasSize(3).allSatisfy(m -> assertThat(m.attempts()).isZero());
            assertThat(store.messages()).extracting(StoredMessage::kind)
                    .containsExactly(MessageKind.TRANSACTION, MessageKind.DROPPABLE, MessageKind.TRANSACTION);
            assertThat(store.state(OutboxV1Fixture.NAMESPACE)).containsExactly(Map.entry("evse1.seqNo", "4"),
                    Map.entry("lastEnded", Messages.TX));
            assertThat(store.oldest()).isEqualTo(OutboxV1Fixture.COMMITTED);
        }
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            assertThat(SqliteStoreTest.query(s, "PRAGMA user_version")).isEqualTo(Integer.toString(Migrations.LATEST));
            assertThat(columns(s)).contains("attempts");
            assertThat(SqliteStoreTest.query(s, "SELECT name FROM sqlite_master WHERE type = 'index' "
                    + "AND name = 'message_kind'")).isEqualTo("message_kind");
        }
        assertThat(dump(file)).as("rows after migration").isEqualTo(before);
    }

    @Test
    void migratedMessagesAreDeliveredInOrder() throws Exception {
        fixtureCopy();
        try (Harness h = new Harness(dir).withLink()) {
            List<Integer> seqNos = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TransactionEventRequest sent = h.link.last().as(TransactionEventRequest.class);
                seqNos.add(sent.seqNo());
                h.link.accept();
                h.settle();
            }
            assertThat(seqNos).containsExactly(1, 2, 3);
            assertThat(h.link.calls.get(0).as(TransactionEventRequest.class).eventType())
                    .isEqualTo(TransactionEventEnumType.Started);
            assertThat(h.link.calls.get(0).as(TransactionEventRequest.class).idToken().idToken())
                    .isEqualTo(Messages.ID_TOKEN);
            assertThat(h.outbox.status().queued()).isZero();
            assertThat(h.outbox.status().delivered()).isEqualTo(3);
            assertThat(h.outbox.state(OutboxV1Fixture.NAMESPACE)).containsEntry("evse1.seqNo", "4");
        }
    }

    @Test
    void aFailedMigrationLeavesTheFileAtItsVersion() throws Exception {
        Path file = fixtureCopy();
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            // Makes the second statement of migration 2 fail after its first one ran.
            s.execute("CREATE INDEX message_kind ON message (kind)");
        }
        assertThatThrownBy(() -> SqliteStore.open(file)).isInstanceOf(OutboxStorageException.class)
                .hasMessageContaining("migration to schema version 2")
                .hasMessageContaining("stays at version 1");
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            assertThat(SqliteStoreTest.query(s, "PRAGMA user_version")).isEqualTo("1");
            assertThat(columns(s)).as("ALTER TABLE rolled back").doesNotContain("attempts");
        }
    }

    @Test
    void aNewerSchemaIsRefusedWithBothVersionsAndTheFileAndTheFileIsNotTouched() throws Exception {
        Path file = dir.resolve("outbox").resolve(SqliteStore.FILE_NAME);
        try (SqliteStore store = SqliteStore.open(file)) {
            store.commit(List.of(MessageCodec.encode(Messages.started(1), MessageKind.TRANSACTION, Messages.T0)),
                    List.of(), 10, ids -> { });
        }
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> SqliteStore.open(file)).isInstanceOf(SchemaTooNewException.class)
                .hasMessageStartingWith("outbox.db has schema version 7, this Galvani supports up to 2: it was written "
                        + "by a newer Galvani; refusing to open it")
                .hasMessageContaining(file.toString());
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(file.resolveSibling("outbox.db-wal")).doesNotExist();
    }

    @Test
    void aNewerSchemaStillInTheWalIsRefusedToo() throws Exception {
        Path file = dir.resolve("outbox").resolve(SqliteStore.FILE_NAME);
        SqliteStore.open(file).close();
        Path copy = dir.resolve("copy").resolve(SqliteStore.FILE_NAME);
        Files.createDirectories(copy.getParent());
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            // A newer Galvani bumped the version and was killed before a checkpoint: header old, WAL new.
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("PRAGMA user_version = 9");
            Files.copy(file, copy);
            Files.copy(file.resolveSibling("outbox.db-wal"), copy.resolveSibling("outbox.db-wal"));
        }
        assertThatThrownBy(() -> SqliteStore.open(copy)).isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("schema version 9");
        try (Connection c = SqliteStoreTest.plain(copy); Statement s = c.createStatement()) {
            assertThat(SqliteStoreTest.query(s, "PRAGMA user_version")).isEqualTo("9");
        }
    }

    private static List<String> columns(Statement s) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(message)")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    /** The rows of both V1 tables, as text. */
    private static List<String> dump(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, action, payload, kind, committed_at FROM message ORDER BY id")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                            + rs.getLong(5));
                }
            }
            Map<String, String> state = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT namespace, key, value FROM state")) {
                while (rs.next()) {
                    state.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
                }
            }
            rows.add(state.toString());
        }
        return rows;
    }
}
