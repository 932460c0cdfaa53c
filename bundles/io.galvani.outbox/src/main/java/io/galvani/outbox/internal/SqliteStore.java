package io.galvani.outbox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit.StateChange;
import io.galvani.outbox.api.OutboxFullException;
import io.galvani.outbox.api.OutboxStorageException;

/**
 * {@code outbox.db}: SQLite in WAL mode through one JDBC connection, used under one lock.
 *
 * <p>Durability: a commit that adds messages or state runs with {@code synchronous=FULL}, so the
 * WAL is fsynced before {@link #commit} returns and the commit survives kill -9 and power loss
 * (as far as the storage honours fsync). Deleting an answered message and counting a failed attempt
 * run with {@code synchronous=NORMAL}: consistent, but the last of them may be lost with power (not
 * with a process crash); a lost delete means one identical resend, a lost attempt count one attempt
 * more, both allowed. The next FULL commit fsyncs the WAL and with it every earlier change.
 *
 * <p>The connection holds an exclusive lock ({@code locking_mode=EXCLUSIVE}): a second process or
 * a second outbox instance on the same file cannot open it, so no message is ever sent by two
 * senders. The file and its WAL are readable by the owner only (the payloads may hold idTokens).
 */
final class SqliteStore implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(SqliteStore.class);
    static final String FILE_NAME = "outbox.db";
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    /** How long a second opener waits for the lock before it is told the file is in use. */
    private static final int BUSY_TIMEOUT_MILLIS = 2000;
    /** Upper bound of the WAL file kept after a checkpoint (bytes), to spare the flash. */
    private static final long WAL_SIZE_LIMIT = 4L * 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Path file;
    private final Thinning thinning = new Thinning();
    private Connection connection;
    private Statements sql;
    private volatile int count;
    private int droppable;
    private long claimedId;
    private MessageKind claimedKind;

    private SqliteStore(Path file) {
        this.file = file;
    }

    /** Opens (creating or migrating) the store at {@code file}, at the newest schema. */
    static SqliteStore open(Path file) {
        return open(file, Migrations.LATEST);
    }

    /**
     * Opens the store at schema version {@code schemaVersion} (older ones only to write test fixtures).
     *
     * @throws SchemaTooNewException if the file was written by a newer schema; the file is not touched
     * @throws OutboxStorageException if the file cannot be opened or migrated
     */
    static SqliteStore open(Path file, int schemaVersion) {
        SqliteStore store = new SqliteStore(file.toAbsolutePath());
        store.openConnection(schemaVersion, true);
        return store;
    }

    Path file() {
        return file;
    }

    // ------------------------------------------------------------------ opening

    private void openConnection(int schemaVersion, boolean mayQuarantine) {
        try {
            prepareFiles();
            if (Files.size(file) > 0) {
                probeVersion(schemaVersion);
            }
            connection = connect(false);
            try {
                configure(schemaVersion);
            } catch (SQLException | RuntimeException e) {
                closeQuietly();
                throw e;
            }
        } catch (SQLException e) {
            if (mayQuarantine && unreadable(e)) {
                quarantine(e);
                openConnection(schemaVersion, false);
                return;
            }
            throw new OutboxStorageException(describe(e), e);
        } catch (IOException e) {
            throw new OutboxStorageException("cannot prepare " + file + ": " + e, e);
        }
        tightenPermissions();
        logger.info("Outbox store {} open: schema version {}, {} message(s) queued", file, schemaVersion, count);
    }

    /** The parent folder (owner-only), and the file created owner-only before SQLite ever writes it. */
    private void prepareFiles() throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            setPermissions(dir, OWNER_DIR);
            syncDirectory(dir.getParent());
        }
        try {
            if (posix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } else {
                Files.createFile(file);
            }
            syncDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            setPermissions(file, OWNER_FILE);
        }
    }

    /**
     * Reads the schema version without changing anything: the file header first (a newer file is
     * refused before SQLite opens it), then SQLite read-only, which also sees a version that is still
     * in the WAL. Other errors are left to the read-write open, which reports them.
     */
    private void probeVersion(int supported) throws SQLException, IOException {
        int header = headerVersion();
        if (header > supported) {
            throw new SchemaTooNewException(file, header, supported);
        }
        Connection probe;
        try {
            probe = connect(true);
        } catch (SQLException e) {
            if (unreadable(e)) {
                throw e;
            }
            logger.debug("Read-only probe of {} failed: {}", file, e.getMessage());
            return;
        }
        try (probe) {
            int version = Migrations.version(probe);
            if (version > supported) {
                throw new SchemaTooNewException(file, version, supported);
            }
        } catch (SQLException e) {
            if (unreadable(e)) {
                throw e;
            }
            logger.debug("Read-only probe of {} failed: {}", file, e.getMessage());
        }
    }

    /** {@code user_version} from the database header (offset 60), or -1 if the header is not SQLite's. */
    private int headerVersion() throws IOException {
        byte[] header = new byte[100];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(header, 0, 100) < 100) {
                return -1;
            }
        }
        if (!new String(header, 0, 16, StandardCharsets.ISO_8859_1).equals("SQLite format 3\0")) {
            return -1;
        }
        return ByteBuffer.wrap(header, 60, 4).getInt();
    }

    private Connection connect(boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        if (readOnly) {
            config.setOpenMode(SQLiteOpenMode.READONLY);
        }
        // The class, not DriverManager: DriverManager does not see drivers across OSGi class loaders.
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private void configure(int schemaVersion) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // Exclusive before WAL: the WAL index then lives in process memory, no -shm file.
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            int version = Migrations.version(connection);
            if (version > schemaVersion) {
                throw new SchemaTooNewException(file, version, schemaVersion);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = rs.next() ? rs.getString(1) : "?";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new SQLException("journal_mode WAL refused (" + mode + ")");
                }
            }
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
        }
        Migrations.migrate(connection, file, schemaVersion);
        sql = new Statements(connection, schemaVersion);
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(kind = 'DROPPABLE'), 0) FROM message")) {
            rs.next();
            count = rs.getInt(1);
            droppable = rs.getInt(2);
        }
    }

    /** Moves an unreadable file (and its WAL) aside, so that the station keeps working and the evidence stays. */
    private void quarantine(SQLException cause) {
        String suffix = ".corrupt-" + DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .replace(":", "");
        Path target = file.resolveSibling(file.getFileName() + suffix);
        logger.error("Outbox store {} is not a readable SQLite database ({}); moved to {} and starting an empty "
                + "outbox: its messages are lost", file, cause.getMessage(), target);
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            for (String side : List.of("-wal", "-shm", "-journal")) {
                Path p = file.resolveSibling(file.getFileName() + side);
                if (Files.exists(p)) {
                    Files.move(p, target.resolveSibling(target.getFileName() + side), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new OutboxStorageException("cannot move the unreadable " + file + " aside: " + e, e);
        }
    }

    private void tightenPermissions() {
        for (String side : List.of("-wal", "-shm")) {
            Path p = file.resolveSibling(file.getFileName() + side);
            if (Files.exists(p)) {
                try {
                    setPermissions(p, OWNER_FILE);
                } catch (IOException e) {
                    logger.warn("Cannot restrict the permissions of {}: {}", p, e.toString());
                }
            }
        }
    }

    // ------------------------------------------------------------------ commits

    /** What a commit stored and what it had to thin for it. */
    record CommitResult(List<Long> ids, List<Long> thinned) {
    }

    /**
     * Stores {@code messages} and {@code changes} in one transaction, durable when this returns.
     * When the store would exceed {@code capacity}, droppable messages are thinned in the same
     * transaction; if even that cannot make room, nothing is stored.
     *
     * @param whileLocked told the new ids after the commit, before any other thread can read them
     */
    CommitResult commit(List<NewMessage> messages, List<StateChange> changes, int capacity,
            Consumer<List<Long>> whileLocked) {
        lock.lock();
        try {
            ensureOpen();
            // Only new messages need room: a state-only commit always goes through.
            int need = messages.isEmpty() ? 0 : count + messages.size() - capacity;
            int thinnable = droppable - (claimedKind == MessageKind.DROPPABLE ? 1 : 0);
            if (need > thinnable) {
                throw new OutboxFullException(String.format("outbox full: %d message(s) stored (capacity %d), "
                        + "%d of them never dropped; %d new message(s) refused", count, capacity,
                        count - droppable, messages.size()));
            }
            Thinning.Plan plan = null;
            List<Long> ids = new ArrayList<>(messages.size());
            int newDroppable = 0;
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    if (need > 0) {
                        plan = thinning.drop(need, sql.candidates(claimedId));
                    }
                    for (NewMessage m : messages) {
                        ids.add(sql.insert(m));
                        newDroppable += m.kind() == MessageKind.DROPPABLE ? 1 : 0;
                    }
                    for (StateChange c : changes) {
                        sql.state(c);
                    }
                    s.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(s);
                    throw e;
                }
            } catch (SQLException e) {
                throw new OutboxStorageException("commit to " + file.getFileName() + " failed, nothing stored: "
                        + describe(e), e);
            }
            List<Long> thinned = plan == null ? List.of() : plan.dropped();
            if (plan != null) {
                thinning.apply(plan);
            }
            count += messages.size() - thinned.size();
            droppable += newDroppable - thinned.size();
            whileLocked.accept(ids);
            return new CommitResult(List.copyOf(ids), thinned);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ delivery

    /** The oldest message, now marked in flight: it is not thinned until {@link #release}d or deleted. */
    Optional<StoredMessage> claimHead() {
        lock.lock();
        try {
            ensureOpen();
            Optional<StoredMessage> head = sql.head();
            claimedId = head.map(StoredMessage::id).orElse(0L);
            claimedKind = head.map(StoredMessage::kind).orElse(null);
            return head;
        } catch (SQLException e) {
            throw new OutboxStorageException("cannot read " + file.getFileName() + ": " + describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    /** The claimed message stays queued (e.g. to be sent again later). */
    void release() {
        lock.lock();
        try {
            claimedId = 0;
            claimedKind = null;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a message (answered or given up); false if it was not there (thinned meanwhile). */
    boolean delete(long id) {
        lock.lock();
        try {
            ensureOpen();
            // The claimed message cannot have been thinned: its kind is known without asking the database.
            Optional<MessageKind> kind = id == claimedId ? Optional.of(claimedKind) : sql.kind(id);
            if (id == claimedId) {
                claimedId = 0;
                claimedKind = null;
            }
            if (kind.isEmpty()) {
                return false;
            }
            relaxed(() -> sql.delete(id));
            count--;
            droppable -= kind.get() == MessageKind.DROPPABLE ? 1 : 0;
            return true;
        } catch (SQLException e) {
            throw new OutboxStorageException("cannot delete message " + id + " from " + file.getFileName() + ": "
                    + describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Counts a failed attempt of message {@code id}; returns the failed attempts so far. */
    int recordFailedAttempt(long id) {
        lock.lock();
        try {
            ensureOpen();
            relaxed(() -> sql.incrementAttempts(id));
            return sql.attempts(id);
        } catch (SQLException e) {
            throw new OutboxStorageException("cannot count an attempt of message " + id + " in "
                    + file.getFileName() + ": " + describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ reading

    Map<String, String> state(String namespace) {
        lock.lock();
        try {
            ensureOpen();
            return sql.stateOf(namespace);
        } catch (SQLException e) {
            throw new OutboxStorageException("cannot read the state from " + file.getFileName() + ": " + describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Messages stored, the one in flight included. */
    int count() {
        return count;
    }

    /** When the oldest message was committed, or null if none is queued. */
    Instant oldest() {
        lock.lock();
        try {
            ensureOpen();
            return sql.oldest();
        } catch (SQLException e) {
            throw new OutboxStorageException("cannot read " + file.getFileName() + ": " + describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Every message in commit order (tests, console). */
    List<StoredMessage> messages() {
        lock.lock();
        try {
            ensureOpen();
            return sql.all();
        } catch (SQLException e) {
            throw new OutboxStorageException("cannot read " + file.getFileName() + ": " + describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection (SQLite checkpoints the WAL into the file); later calls fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ helpers

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Runs {@code action} with synchronous=NORMAL: a change whose loss on power cut is harmless. */
    private void relaxed(SqlAction action) throws SQLException {
        sql.synchronousNormal.execute();
        try {
            action.run();
        } finally {
            sql.synchronousFull.execute();
        }
    }

    private void ensureOpen() {
        if (connection == null) {
            throw new OutboxStorageException("the outbox store " + file + " is closed", null);
        }
    }

    private void closeQuietly() {
        if (sql != null) {
            sql.close();
            sql = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                logger.warn("Closing {} failed: {}", file, e.getMessage());
            }
            connection = null;
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite already rolled back (e.g. after an I/O error on COMMIT)
        }
    }

    private String describe(SQLException e) {
        if ((e.getErrorCode() & 0xff) == SQLITE_BUSY) {
            return file + " is in use by another process or outbox instance (" + e.getMessage() + ")";
        }
        return e.getMessage() + " (" + file + ")";
    }

    private static boolean unreadable(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void setPermissions(Path p, Set<PosixFilePermission> permissions) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(p, permissions);
        }
    }

    /** Makes a created or renamed entry survive power loss (fsync of the directory; Linux). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            logger.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** The prepared statements of the open connection. */
    private static final class Statements {
        private final List<PreparedStatement> all = new ArrayList<>();
        private final boolean hasAttempts;
        private final PreparedStatement insert;
        private final PreparedStatement lastId;
        private final PreparedStatement putState;
        private final PreparedStatement removeState;
        private final PreparedStatement head;
        private final PreparedStatement kind;
        private final PreparedStatement delete;
        private final PreparedStatement incrementAttempts;
        private final PreparedStatement attempts;
        private final PreparedStatement stateOf;
        private final PreparedStatement oldest;
        private final PreparedStatement droppableAfter;
        private final PreparedStatement newestDroppable;
        private final PreparedStatement listAll;
        final PreparedStatement synchronousNormal;
        final PreparedStatement synchronousFull;

        Statements(Connection c, int schemaVersion) throws SQLException {
            this.hasAttempts = schemaVersion >= 2;
            String columns = "id, action, payload, kind, committed_at" + (hasAttempts ? ", attempts" : ", 0");
            insert = prepare(c, "INSERT INTO message (action, payload, kind, committed_at) VALUES (?, ?, ?, ?)");
            lastId = prepare(c, "SELECT last_insert_rowid()");
            putState = prepare(c, "INSERT INTO state (namespace, key, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value");
            removeState = prepare(c, "DELETE FROM state WHERE namespace = ? AND key = ?");
            head = prepare(c, "SELECT " + columns + " FROM message ORDER BY id LIMIT 1");
            kind = prepare(c, "SELECT kind FROM message WHERE id = ?");
            delete = prepare(c, "DELETE FROM message WHERE id = ?");
            incrementAttempts = hasAttempts ? prepare(c, "UPDATE message SET attempts = attempts + 1 WHERE id = ?")
                    : null;
            attempts = hasAttempts ? prepare(c, "SELECT attempts FROM message WHERE id = ?") : null;
            stateOf = prepare(c, "SELECT key, value FROM state WHERE namespace = ? ORDER BY key");
            oldest = prepare(c, "SELECT committed_at FROM message ORDER BY id LIMIT 1");
            droppableAfter = prepare(c, "SELECT id FROM message WHERE kind = 'DROPPABLE' AND id > ? AND id <= ? "
                    + "AND id <> ? ORDER BY id LIMIT ?");
            newestDroppable = prepare(c, "SELECT coalesce(max(id), 0) FROM message WHERE kind = 'DROPPABLE' AND id <> ?");
            listAll = prepare(c, "SELECT " + columns + " FROM message ORDER BY id");
            synchronousNormal = prepare(c, "PRAGMA synchronous = NORMAL");
            synchronousFull = prepare(c, "PRAGMA synchronous = FULL");
        }

        private PreparedStatement prepare(Connection c, String sql) throws SQLException {
            PreparedStatement p = c.prepareStatement(sql);
            all.add(p);
            return p;
        }

        long insert(NewMessage m) throws SQLException {
            insert.setString(1, m.action());
            insert.setString(2, m.payload());
            insert.setString(3, m.kind().name());
            insert.setLong(4, m.committedAt().toEpochMilli());
            insert.executeUpdate();
            try (ResultSet rs = lastId.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void state(StateChange c) throws SQLException {
            if (c.value() == null) {
                removeState.setString(1, c.namespace());
                removeState.setString(2, c.key());
                removeState.executeUpdate();
            } else {
                putState.setString(1, c.namespace());
                putState.setString(2, c.key());
                putState.setString(3, c.value());
                putState.executeUpdate();
            }
        }

        Optional<StoredMessage> head() throws SQLException {
            try (ResultSet rs = head.executeQuery()) {
                return rs.next() ? Optional.of(message(rs)) : Optional.empty();
            }
        }

        List<StoredMessage> all() throws SQLException {
            List<StoredMessage> out = new ArrayList<>();
            try (ResultSet rs = listAll.executeQuery()) {
                while (rs.next()) {
                    out.add(message(rs));
                }
            }
            return out;
        }

        private static StoredMessage message(ResultSet rs) throws SQLException {
            return new StoredMessage(rs.getLong(1), rs.getString(2), rs.getString(3), MessageKind.valueOf(rs.getString(4)),
                    Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6));
        }

        Optional<MessageKind> kind(long id) throws SQLException {
            kind.setLong(1, id);
            try (ResultSet rs = kind.executeQuery()) {
                return rs.next() ? Optional.of(MessageKind.valueOf(rs.getString(1))) : Optional.empty();
            }
        }

        void delete(long id) throws SQLException {
            delete.setLong(1, id);
            delete.executeUpdate();
        }

        void incrementAttempts(long id) throws SQLException {
            requireAttempts();
            incrementAttempts.setLong(1, id);
            incrementAttempts.executeUpdate();
        }

        int attempts(long id) throws SQLException {
            requireAttempts();
            attempts.setLong(1, id);
            try (ResultSet rs = attempts.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }

        private void requireAttempts() {
            if (!hasAttempts) {
                throw new IllegalStateException("schema version 1 has no attempt counts");
            }
        }

        Map<String, String> stateOf(String namespace) throws SQLException {
            Map<String, String> out = new LinkedHashMap<>();
            stateOf.setString(1, namespace);
            try (ResultSet rs = stateOf.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return Collections.unmodifiableMap(out);
        }

        Instant oldest() throws SQLException {
            try (ResultSet rs = oldest.executeQuery()) {
                return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : null;
            }
        }

        Thinning.Candidates candidates(long exclude) {
            return new Thinning.Candidates() {
                @Override
                public List<Long> after(long after, long upTo, int limit) throws SQLException {
                    droppableAfter.setLong(1, after);
                    droppableAfter.setLong(2, upTo);
                    droppableAfter.setLong(3, exclude);
                    droppableAfter.setInt(4, limit);
                    List<Long> ids = new ArrayList<>(limit);
                    try (ResultSet rs = droppableAfter.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                    return ids;
                }

                @Override
                public long newest() throws SQLException {
                    newestDroppable.setLong(1, exclude);
                    try (ResultSet rs = newestDroppable.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : 0;
                    }
                }

                @Override
                public void drop(long id) throws SQLException {
                    Statements.this.delete(id);
                }
            };
        }

        void close() {
            for (PreparedStatement p : all) {
                try {
                    p.close();
                } catch (SQLException ignored) {
                    // closing the connection next
                }
            }
        }
    }
}
