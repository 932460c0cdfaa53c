package io.galvani.telemetry.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The store-and-forward buffer: a bounded, ordered queue of messages in its own SQLite file (WAL), so that what the
 * broker has not acknowledged survives a broker outage and a restart of the station. Messages leave it only after
 * the broker acknowledged them (at least once: a message may be sent twice across a reconnect).
 *
 * <p>When full, the oldest meter samples are deleted first (a gap in a 1 s series is harmless), then the oldest
 * messages of any kind. SQLite rather than Paho's file persistence: Paho's cannot be bounded or thinned by kind, and
 * rather than a segmented file: deleting the oldest samples from the middle of the queue is one indexed DELETE.
 *
 * <p>Thread-safe (one connection, synchronized). Format version 1 ({@code PRAGMA user_version}); a file of an
 * unknown version or one SQLite cannot read is moved aside ({@code .unreadable}) and a new one started: telemetry
 * is not worth refusing to start over.
 */
final class TelemetryBuffer implements AutoCloseable {
    static final int FORMAT_VERSION = 1;
    private static final Logger logger = LoggerFactory.getLogger(TelemetryBuffer.class);

    private final Path file;
    private final int capacity;
    private Connection connection;
    private int count;
    private long dropped;

    private TelemetryBuffer(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    static TelemetryBuffer open(Path file, int capacity) throws SQLException, IOException {
        TelemetryBuffer buffer = new TelemetryBuffer(file, capacity);
        Files.createDirectories(file.getParent());
        try {
            buffer.connect();
        } catch (SQLException e) {
            buffer.closeQuietly();
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            logger.warn("Telemetry buffer {} unreadable ({}); moved to {} and starting empty", file, e.getMessage(),
                    aside);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            buffer.connect();
        }
        return buffer;
    }

    private void connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(2000);
        // The class, not DriverManager: DriverManager does not see drivers across OSGi class loaders.
        connection = config.createConnection("jdbc:sqlite:" + file);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            int version;
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                version = r.getInt(1);
            }
            if (version > FORMAT_VERSION) {
                throw new SQLException("format version " + version + " is newer than " + FORMAT_VERSION);
            }
            s.execute("PRAGMA journal_mode = WAL");
            // NORMAL: a power cut may lose the last commits, never corrupt the file; telemetry can afford that.
            s.execute("PRAGMA synchronous = NORMAL");
            if (version == 0) {
                s.execute("CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " meter INTEGER NOT NULL, topic TEXT NOT NULL, retained INTEGER NOT NULL,"
                        + " payload BLOB NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS message_meter ON message (meter, id)");
                s.execute("PRAGMA user_version = " + FORMAT_VERSION);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM message")) {
                count = r.getInt(1);
            }
        }
        connection.setAutoCommit(false);
    }

    /**
     * Appends {@code messages} in order in one commit and trims the buffer to its capacity.
     *
     * @return how many older messages were dropped to make room
     */
    synchronized int append(List<Message> messages) throws SQLException {
        if (messages.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO message (meter, topic, retained, payload) VALUES (?, ?, ?, ?)")) {
            for (Message m : messages) {
                insert.setInt(1, m.meter() ? 1 : 0);
                insert.setString(2, m.topic());
                insert.setInt(3, m.retained() ? 1 : 0);
                insert.setBytes(4, m.payload());
                insert.addBatch();
            }
            insert.executeBatch();
            int excess = count + messages.size() - capacity;
            int removed = 0;
            if (excess > 0) {
                removed = deleteOldest(" WHERE meter = 1", excess);
                if (removed < excess) {
                    removed += deleteOldest("", excess - removed);
                }
            }
            connection.commit();
            count += messages.size() - removed;
            dropped += removed;
            return removed;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    private int deleteOldest(String where, int n) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM message WHERE id IN (SELECT id FROM message" + where + " ORDER BY id LIMIT ?)")) {
            delete.setInt(1, n);
            return delete.executeUpdate();
        }
    }

    /** The oldest {@code limit} messages, in order, without removing them. */
    synchronized List<Message> peek(int limit) throws SQLException {
        List<Message> out = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, meter, topic, retained, payload FROM message ORDER BY id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    out.add(new Message(r.getLong(1), r.getInt(2) == 1, r.getString(3), r.getBytes(5),
                            r.getInt(4) == 1));
                }
            }
        }
        connection.commit();
        return out;
    }

    /** Removes every message up to and including {@code id} (the broker acknowledged them). */
    synchronized void removeThrough(long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM message WHERE id <= ?")) {
            delete.setLong(1, id);
            count -= delete.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    synchronized int size() {
        return count;
    }

    int capacity() {
        return capacity;
    }

    /** Messages dropped because the buffer was full, since it was opened. */
    synchronized long dropped() {
        return dropped;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                logger.debug("Closing {}: {}", file, e.getMessage());
            }
            connection = null;
        }
    }
}
