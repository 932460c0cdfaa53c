package io.galvani.security.events.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.security.api.SecurityEventType;

/**
 * The security log on disk: {@code security.log} being written, {@code security.1.log} the newest rotated file,
 * up to {@code security.<maxFiles-1>.log}; one {@link LogRecord} per line, hash-chained across files and
 * restarts. Thread-safe (one lock); {@link #append} is the only frequent operation.
 *
 * <ul>
 * <li><b>Rotation</b>: before a record would take {@code security.log} over {@code maxFileBytes}, the files
 * move up one index (the oldest beyond the bound is deleted) and a new {@code security.log} starts with a
 * {@value LogRecord#FILE} record naming the hash of the last record before it.</li>
 * <li><b>Opening</b> (and after a failed write): the last record of the newest file is found and the chain
 * continues from it. Bytes after it (a line torn by a power cut, zeros a file system left) are cut off and a
 * {@value LogRecord#RECOVERED} record says how many, their SHA-256 and their readable start, so a repair is
 * never silent. A missing {@code security.log} is started again and noted the same way.</li>
 * <li><b>Files written by logback</b> before this bundle existed (other format) are renamed
 * {@code security-legacy.log} / {@code security-legacy.N.log.gz}, kept and still uploaded by GetLog; they
 * would otherwise take the names of this log's files.</li>
 * <li><b>Durability</b>: a record is written with one {@code write} (it survives a crash of the process at
 * once); with {@code durable} the file is also forced to the device before {@link #append} returns. Rotation
 * forces the old file and the directory.</li>
 * <li><b>Permissions</b>: files owner-only ({@code rw-------}); a directory this class creates is
 * {@code rwx------}.</li>
 * </ul>
 */
public final class SecurityLog implements Closeable {
    private static final Logger logger = LoggerFactory.getLogger(SecurityLog.class);

    public static final String CURRENT = "security.log";
    static final String LEGACY_CURRENT = "security-legacy.log";
    private static final Pattern LEGACY_ROTATED = Pattern.compile("security\\.(\\d{1,4})\\.log\\.gz");
    private static final Pattern LEGACY_TARGET = Pattern.compile("security-legacy\\.(\\d{1,4})\\.log\\.gz");
    /** How much of the end of security.log is read first to find its last record. */
    private static final int TAIL_WINDOW = 64 * 1024;

    /**
     * @param maxFileBytes largest size of one file; at least 4 KiB (a record is at most about 1.3 KB)
     * @param maxFiles     files kept, security.log included; at least 2
     */
    public record Limits(long maxFileBytes, int maxFiles) {
        public static final long MIN_FILE_BYTES = 4096;

        public Limits {
            if (maxFileBytes < MIN_FILE_BYTES || maxFiles < 2) {
                throw new IllegalArgumentException("a security log needs files of at least " + MIN_FILE_BYTES
                        + " bytes and at least 2 files, not " + maxFileBytes + " bytes x " + maxFiles);
            }
        }

        /** Most bytes all files take together. */
        public long totalBytes() {
            return maxFileBytes * maxFiles;
        }
    }

    private final Path dir;
    private final Supplier<Instant> clock;
    private final List<String> openingNotes = new ArrayList<>();
    private Limits limits;
    private FileChannel channel;
    /** Bytes of security.log that hold whole records. */
    private long size;
    private long lastSeq;
    private String lastHash;
    /** Why the last write failed, while the file may end in a partial record; null when writing works. */
    private String failure;
    private int lostEvents;
    private String firstLost;
    private boolean closed;
    /** Told of each event record under the lock, so in seq order; must only hand it over (see {@link #onAppend}). */
    private Consumer<LogRecord> appended = r -> {
    };

    private SecurityLog(Path dir, Supplier<Instant> clock, Limits limits) {
        this.dir = dir;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Opens (or starts) the log in {@code dir}, repairing what a power cut left.
     *
     * @param clock the time of each record (the station clock)
     * @throws IOException if the directory or {@code security.log} cannot be written
     */
    public static SecurityLog open(Path dir, Supplier<Instant> clock, Limits limits) throws IOException {
        SecurityLog log = new SecurityLog(dir, clock, limits);
        synchronized (log) {
            if (!Files.isDirectory(dir)) {
                LogFiles.createDirectories(dir);
            }
            log.moveForeignFiles();
            log.continueChain();
            for (Path file : filesOldestFirst(dir)) {
                LogFiles.ownerOnly(file);
            }
            log.channel.force(false);
            LogFiles.syncDirectory(dir);
            return log;
        }
    }

    /** What opening found and repaired (legacy files moved, torn lines cut), for the operational log. */
    public synchronized List<String> openingNotes() {
        return List.copyOf(openingNotes);
    }

    public Path directory() {
        return dir;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized Limits limits() {
        return limits;
    }

    /** New limits; they apply from the next record on (fewer files: the extra ones go at the next rotation). */
    public synchronized void limits(Limits newLimits) {
        this.limits = newLimits;
    }

    /**
     * Appends one event.
     *
     * @param durable force the record to the device before returning (critical events)
     * @return the record as written
     * @throws IOException if it could not be written; the next append repairs the file first and records how
     *                     many events were lost
     */
    public synchronized LogRecord append(String type, String techInfo, boolean durable) throws IOException {
        checkOpen();
        try {
            if (failure != null || channel == null) {
                repair();
            }
            LogRecord record = write(type, techInfo);
            if (durable) {
                channel.force(false);
            }
            appended.accept(record);
            return record;
        } catch (IOException | RuntimeException e) {
            noteFailure(type, e);
            throw e;
        }
    }

    /**
     * Tells {@code consumer} of every event {@link #append}ed, in seq order, while this log's lock is held: it must
     * only store the record and return (no I/O, no other lock that a reporter could hold).
     */
    public synchronized void onAppend(Consumer<LogRecord> consumer) {
        this.appended = consumer;
    }

    /** Forces what was written to the device (the deferred sync of non-critical events). */
    public synchronized void sync() throws IOException {
        if (channel != null && failure == null) {
            channel.force(false);
        }
    }

    /**
     * Deletes every file and starts {@code security.log} again, the chain continuing from the last record removed
     * (so the new file shows where it came from); its first event is {@code SecurityLogWasCleared}.
     *
     * @param why who cleared it, for the event's techInfo
     * @return the SecurityLogWasCleared record
     */
    public synchronized LogRecord clear(String why) throws IOException {
        checkOpen();
        if (failure != null || channel == null) {
            repair();
        }
        long lastRemoved = lastSeq;
        List<Path> files = filesOldestFirst(dir);
        long firstRemoved = LogFiles.firstSeqOf(files.isEmpty() ? null : files.get(0));
        channel.force(false);
        channel.close();
        channel = null;
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
        LogFiles.syncDirectory(dir);
        startFile("cleared");
        String removed = firstRemoved > 0 ? "#" + firstRemoved + "..#" + lastRemoved : "up to #" + lastRemoved;
        LogRecord event = write(SecurityEventType.SECURITY_LOG_WAS_CLEARED,
                EventText.techInfo(why + "; removed " + files.size() + " files, " + removed));
        channel.force(false);
        LogFiles.syncDirectory(dir);
        return event;
    }

    /**
     * The log's files as they are now, to read while the log goes on being written: each file is opened here
     * (under the lock), so a rotation meanwhile renames or deletes nothing that is being read, and
     * {@code security.log} is read only up to its last whole record.
     */
    public synchronized Snapshot snapshot() throws IOException {
        checkOpen();
        List<Snapshot.Part> parts = new ArrayList<>();
        try {
            for (Path file : filesOldestFirst(dir)) {
                FileChannel read;
                try {
                    read = FileChannel.open(file, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    continue;
                }
                boolean current = file.getFileName().toString().equals(CURRENT);
                parts.add(new Snapshot.Part(file.getFileName().toString(), read,
                        current && failure == null ? size : read.size()));
            }
        } catch (IOException e) {
            new Snapshot(parts, lastSeq).close();
            throw e;
        }
        return new Snapshot(parts, lastSeq);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try {
                channel.force(false);
            } catch (IOException e) {
                logger.warn("Security log not forced to disk on close: {}", e.toString());
            }
            try {
                channel.close();
            } catch (IOException e) {
                logger.debug("Closing the security log: {}", e.toString());
            }
            channel = null;
        }
    }

    /** The log's files, oldest first: security.N.log … security.1.log, security.log. */
    public static List<Path> filesOldestFirst(Path dir) throws IOException {
        return LogFiles.oldestFirst(dir);
    }

    // ---- writing ----

    private LogRecord write(String type, String techInfo) throws IOException {
        LogRecord record = LogRecord.next(clock.get(), type, techInfo, lastSeq, lastHash);
        byte[] bytes = bytes(record);
        if (size + bytes.length > limits.maxFileBytes() && size > 0) {
            rotate();
            record = LogRecord.next(clock.get(), type, techInfo, lastSeq, lastHash);
            bytes = bytes(record);
        }
        writeFully(bytes);
        lastSeq = record.seq();
        lastHash = record.hash();
        // GetLog picks rotated files by modification time: make it the station time of the last record.
        Files.setLastModifiedTime(dir.resolve(CURRENT), FileTime.from(record.timestamp()));
        return record;
    }

    private void writeFully(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = size;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        size = position;
    }

    private void writeRecord(LogRecord record) throws IOException {
        writeFully(bytes(record));
        lastSeq = record.seq();
        lastHash = record.hash();
    }

    private static byte[] bytes(LogRecord record) {
        return (record.line() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * security.log → security.1.log, each security.N.log one index up, the ones beyond the bound deleted, and a
     * new security.log that starts with a {@value LogRecord#FILE} record chaining from the last record.
     * A power cut in between leaves a gap in the indexes or no security.log; both are fine for readers, and
     * the next opening starts security.log again (noting it).
     */
    private void rotate() throws IOException {
        channel.force(false);
        channel.close();
        channel = null;
        int keep = limits.maxFiles() - 1;
        TreeMap<Integer, Path> rotated = LogFiles.rotated(dir);
        for (Map.Entry<Integer, Path> e : rotated.entrySet()) {
            if (e.getKey() >= keep) {
                Files.deleteIfExists(e.getValue());
            }
        }
        for (int i = keep - 1; i >= 1; i--) {
            Path from = dir.resolve("security." + i + ".log");
            if (Files.exists(from)) {
                Files.move(from, dir.resolve("security." + (i + 1) + ".log"), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(dir.resolve(CURRENT), dir.resolve("security.1.log"), StandardCopyOption.ATOMIC_MOVE);
        LogFiles.syncDirectory(dir);
        startFile("rotated");
    }

    /** A new, empty security.log with its {@value LogRecord#FILE} record, chaining from the last record. */
    private void startFile(String reason) throws IOException {
        Path current = dir.resolve(CURRENT);
        channel = LogFiles.createOwnerOnly(current);
        size = 0;
        writeRecord(LogRecord.next(clock.get(), LogRecord.FILE, LogRecord.fileTechInfo(reason, lastHash), lastSeq,
                lastHash));
        channel.force(false);
        LogFiles.syncDirectory(dir);
    }

    private void writeRecovered(String what) throws IOException {
        writeRecord(LogRecord.next(clock.get(), LogRecord.RECOVERED, EventText.techInfo(what), lastSeq, lastHash));
        openingNotes.add(what);
        logger.warn("Security log repaired: {}", what);
    }

    // ---- failures ----

    private void noteFailure(String type, Exception e) {
        if (failure == null) {
            logger.error("Security log {} cannot be written ({}); events are lost from it until it can", dir, e.toString());
        }
        failure = e.toString();
        if (lostEvents++ == 0) {
            firstLost = type + " at " + LogRecord.formatTime(clock.get());
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // reopened by repair()
            }
            channel = null;
        }
    }

    /** After a failed write: find the last whole record again, cut what follows, record what was lost. */
    private void repair() throws IOException {
        continueChain();
        if (lostEvents > 0) {
            int lost = lostEvents;
            String what = lost + " event" + (lost == 1 ? "" : "s") + " could not be written (the first: " + firstLost
                    + "): " + failure;
            lostEvents = 0;
            firstLost = null;
            writeRecovered(what);
        }
        failure = null;
        logger.info("Security log {} is written again", dir);
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("security log closed");
        }
    }

    // ---- opening ----

    /**
     * Opens security.log for appending after its last whole record, cutting off torn bytes, or starts it when
     * it is missing or holds no whole record.
     */
    private void continueChain() throws IOException {
        Path current = dir.resolve(CURRENT);
        Tail tail = Files.isRegularFile(current) ? Tail.of(current) : null;
        if (tail != null && tail.last != null) {
            channel = FileChannel.open(current, StandardOpenOption.WRITE);
            lastSeq = tail.last.seq();
            lastHash = tail.last.hash();
            size = tail.goodEnd;
            if (tail.tornLength > 0) {
                channel.truncate(size);
                writeRecovered(tail.describeTorn());
            } else if (tail.unterminated) {
                writeFully(new byte[] { '\n' }); // the whole record is there, only its line feed is not
            }
            return;
        }
        // No security.log, or not one whole record in it: continue from the newest rotated file.
        TreeMap<Integer, Path> rotated = LogFiles.rotated(dir);
        Path newest = rotated.isEmpty() ? null : rotated.firstEntry().getValue();
        LogRecord previous = newest == null ? null : Tail.of(newest).last;
        lastSeq = previous == null ? 0 : previous.seq();
        lastHash = previous == null ? LogRecord.GENESIS : previous.hash();
        if (tail != null) {
            Files.delete(current);
        }
        startFile(previous == null ? "new" : "restarted");
        String continued = previous == null ? "" : ": continued after " + newest.getFileName() + " #" + previous.seq();
        if (tail != null && tail.tornLength > 0) {
            writeRecovered(tail.describeTorn() + continued);
        } else if (tail != null && previous != null) {
            writeRecovered(CURRENT + " was empty" + continued);
        } else if (previous != null) {
            writeRecovered(CURRENT + " was missing" + continued + " (a power cut while rotating, or the file was removed)");
        }
        if (previous == null && newest != null) {
            writeRecovered(newest.getFileName() + " holds no record: a new chain starts");
        }
    }

    /** Files of another format (logback's security appender) are kept under the legacy names. */
    private void moveForeignFiles() throws IOException {
        Path current = dir.resolve(CURRENT);
        if (Files.isRegularFile(current) && LogFiles.isForeign(current)) {
            Path target = dir.resolve(LEGACY_CURRENT);
            if (Files.exists(target)) {
                // A second migration (logback still writing?): keep both by appending, oldest first.
                Files.write(target, Files.readAllBytes(current), StandardOpenOption.APPEND);
                Files.delete(current);
            } else {
                Files.move(current, target, StandardCopyOption.ATOMIC_MOVE);
            }
            LogFiles.ownerOnly(target);
            note("security.log of another format (written by logback before this bundle?) kept as " + LEGACY_CURRENT);
        }
        TreeMap<Integer, Path> gz = new TreeMap<>();
        int highestLegacy = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher m = LEGACY_ROTATED.matcher(name);
                if (m.matches()) {
                    gz.put(Integer.parseInt(m.group(1)), file);
                }
                Matcher t = LEGACY_TARGET.matcher(name);
                if (t.matches()) {
                    highestLegacy = Math.max(highestLegacy, Integer.parseInt(t.group(1)));
                }
            }
        }
        // Keep their order: the highest index is the oldest; after an earlier migration they go above it.
        int offset = highestLegacy;
        for (Map.Entry<Integer, Path> e : gz.entrySet()) {
            Path target = dir.resolve("security-legacy." + (e.getKey() + offset) + ".log.gz");
            Files.move(e.getValue(), target, StandardCopyOption.ATOMIC_MOVE);
            LogFiles.ownerOnly(target);
        }
        if (!gz.isEmpty()) {
            note(gz.size() + " rotated security.N.log.gz files of logback kept as security-legacy.N.log.gz");
        }
    }

    private void note(String what) {
        openingNotes.add(what);
        logger.info("Security log: {}", what);
    }

    /** The end of a log file: its last whole record and what follows it. Works on raw bytes (offsets exact). */
    private static final class Tail {
        LogRecord last;
        /** Offset just after the last whole record (after its line feed, if it has one). */
        long goodEnd;
        /** The last record is the end of the file, without line feed. */
        boolean unterminated;
        long tornLength;
        String tornSha256 = "";
        String tornStart = "";

        static Tail of(Path file) throws IOException {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                long length = in.size();
                long window = Math.min(length, TAIL_WINDOW);
                while (true) {
                    long from = length - window;
                    byte[] bytes = new byte[(int) window];
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining() && in.read(buffer, from + buffer.position()) > 0) {
                        // read the window
                    }
                    Tail tail = scan(bytes, from);
                    if (tail.last != null || from == 0) {
                        tail.torn(bytes, from);
                        return tail;
                    }
                    window = Math.min(length, window * 4);
                }
            }
        }

        /** The lines of {@code bytes} (at file offset {@code from}); a first line not at offset 0 may be partial. */
        private static Tail scan(byte[] bytes, long from) {
            Tail tail = new Tail();
            int start = 0;
            if (from > 0) {
                while (start < bytes.length && bytes[start] != '\n') {
                    start++;
                }
                start++;
            }
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                boolean terminated = end < bytes.length;
                LogRecord record = LogRecord.parse(new String(bytes, start, end - start, StandardCharsets.UTF_8));
                if (record != null) {
                    tail.last = record;
                    tail.goodEnd = from + end + (terminated ? 1 : 0);
                    tail.unterminated = !terminated;
                }
                start = end + 1;
            }
            return tail;
        }

        private void torn(byte[] bytes, long from) {
            int start = (int) (goodEnd - from);
            if (last == null) {
                start = 0;
                goodEnd = from; // from == 0 here
            }
            tornLength = bytes.length - start;
            if (tornLength <= 0) {
                tornLength = 0;
                return;
            }
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(bytes, start, (int) tornLength);
                tornSha256 = HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            tornStart = new String(bytes, start, (int) Math.min(tornLength, 100), StandardCharsets.UTF_8);
        }

        String describeTorn() {
            return "torn tail " + (last == null ? "(no whole record in the file)" : "after #" + last.seq())
                    + " cut off: " + tornLength + " bytes, sha256 " + tornSha256 + ", starting \""
                    + tornStart.replace('"', '\'') + "\"";
        }
    }
}
