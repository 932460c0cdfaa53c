package io.galvani.security.events.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log's files on disk: their names ({@code security.log}, rotated {@code security.N.log}), owner-only
 * creation and permissions, durable directory changes, and what the first record of a file is.
 */
final class LogFiles {
    private static final Logger logger = LoggerFactory.getLogger(LogFiles.class);

    private static final Pattern ROTATED = Pattern.compile("security\\.(\\d{1,4})\\.log");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private LogFiles() {
    }

    /** The log's files, oldest first: security.N.log … security.1.log, security.log. */
    static List<Path> oldestFirst(Path dir) throws IOException {
        List<Path> files = new ArrayList<>(rotated(dir).descendingMap().values());
        Path current = dir.resolve(SecurityLog.CURRENT);
        if (Files.isRegularFile(current)) {
            files.add(current);
        }
        return files;
    }

    /** Rotated files of this log by index. */
    static TreeMap<Integer, Path> rotated(Path dir) throws IOException {
        TreeMap<Integer, Path> byIndex = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Matcher m = ROTATED.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    byIndex.put(Integer.parseInt(m.group(1)), file);
                }
            }
        } catch (NoSuchFileException e) {
            // no directory, no files
        }
        return byIndex;
    }

    /** A file whose first whole line is not a record of this log. */
    static boolean isForeign(Path file) throws IOException {
        String first = firstLine(file);
        return first != null && LogRecord.parse(first) == null;
    }

    /** The sequence number of the first record of {@code file}; 0 without a file or a readable record. */
    static long firstSeqOf(Path file) {
        if (file == null) {
            return 0;
        }
        try {
            String first = firstLine(file);
            LogRecord record = first == null ? null : LogRecord.parse(first);
            return record == null ? 0 : record.seq();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The first whole (terminated) line of {@code file}, or null. */
    private static String firstLine(Path file) throws IOException {
        String[] first = new String[1];
        try (InputStream in = Files.newInputStream(file)) {
            LogReader.readLines(in, 8192, new LogReader() {
                @Override
                public void beginFile(String name) {
                }

                @Override
                public void line(String text, boolean terminated) {
                    if (first[0] == null && terminated) {
                        first[0] = text;
                    }
                }
            });
        }
        return first[0];
    }

    /** Creates {@code file}, readable and writable by its owner only from the start; fails if it exists. */
    static FileChannel createOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, options, new FileAttribute<?>[0]); // not a POSIX file system
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists already (a second writer?)", e);
        }
    }

    static void createDirectories(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException | IOException e) {
            logger.debug("Permissions of {} not set: {}", file, e.toString());
        }
    }

    /** Makes renames, creations and deletions in {@code dir} durable (Linux: fsync of the directory). */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            logger.debug("Directory {} not forced: {}", dir, e.toString());
        }
    }
}
