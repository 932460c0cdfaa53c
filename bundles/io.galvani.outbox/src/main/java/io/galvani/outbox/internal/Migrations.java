package io.galvani.outbox.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.galvani.outbox.api.OutboxStorageException;

/**
 * The numbered schema versions of {@code outbox.db}, kept in {@code PRAGMA user_version}. Each
 * migration runs in its own transaction together with the version bump, so a crash leaves the file
 * at the previous version or the next, never in between. A migration, once released, never changes:
 * add a new one. Every migration is tested from a fixture written by the previous version
 * ({@code src/test/resources/io/galvani/outbox/internal/outbox-v1.db}).
 */
final class Migrations {

    /** One step from {@code version - 1} to {@code version}. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "queued messages and the senders' state", List.of(
                    // id = commit order; AUTOINCREMENT so that an id is never reused after a delete.
                    "CREATE TABLE message (id INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, "
                            + "payload TEXT NOT NULL, kind TEXT NOT NULL, committed_at INTEGER NOT NULL)",
                    "CREATE TABLE state (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
                            + "PRIMARY KEY (namespace, key)) WITHOUT ROWID")),
            new Migration(2, "failed attempts per message (E13 across restarts), index for thinning by kind", List.of(
                    "ALTER TABLE message ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
                    "CREATE INDEX message_kind ON message (kind, id)")));

    /** The newest schema this code knows. */
    static final int LATEST = ALL.get(ALL.size() - 1).version();

    private Migrations() {
    }

    /** The schema version of the open database. */
    static int version(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings the database up to {@code target}, one transaction per migration.
     *
     * @throws SchemaTooNewException if the file is newer than {@code target}
     */
    static void migrate(Connection connection, Path file, int target) throws SQLException {
        int current = version(connection);
        if (current > target) {
            throw new SchemaTooNewException(file, current, target);
        }
        for (Migration m : ALL) {
            if (m.version() <= current || m.version() > target) {
                continue;
            }
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version = " + m.version());
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    rollbackQuietly(s);
                    throw new OutboxStorageException(file.getFileName() + ": migration to schema version "
                            + m.version() + " (" + m.description() + ") failed, the file stays at version "
                            + current + ": " + e.getMessage() + " (" + file + ")", e);
                }
            }
            current = m.version();
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left to roll back
        }
    }
}
