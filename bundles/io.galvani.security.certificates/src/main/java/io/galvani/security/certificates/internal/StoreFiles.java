package io.galvani.security.certificates.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's files: owner-only and crash-safe. A file is written whole into a temporary file that is created
 * with mode {@code rw-------} (so a key is never readable by others, not even for an instant), flushed to the
 * device, moved over the old one atomically and the directory flushed; a power cut leaves the old or the new
 * file, never a torn one. Directories are created {@code rwx------}. On file systems without POSIX permissions
 * (tests on other platforms) the modes are left to the system.
 */
final class StoreFiles {
    private static final Logger logger = LoggerFactory.getLogger(StoreFiles.class);
    static final String TMP_SUFFIX = ".tmp";
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private StoreFiles() {
    }

    /** Creates {@code dir} and its missing parents owner-only; an existing one is narrowed to owner-only. */
    static void directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                directory(parent);
            }
            Files.createDirectory(dir, attributes(DIR_MODE));
        }
        if (POSIX && !Files.getPosixFilePermissions(dir).equals(DIR_MODE)) {
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
    }

    /** Replaces {@code file} with {@code text}, owner-only, atomically and durably. */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        directory(dir);
        Path tmp = file.resolveSibling(file.getFileName() + TMP_SUFFIX);
        Files.deleteIfExists(tmp);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(tmp, options, attributes(FILE_MODE))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        move(tmp, file);
    }

    /** Moves {@code from} over {@code to} atomically and durably (both in the same directory). */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** Deletes {@code file} durably; false if it was not there. */
    static boolean delete(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
        return deleted;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** The {@code *.pem} files of {@code dir}, sorted; temporary files a power cut left are removed. */
    static List<Path> pemFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(TMP_SUFFIX)) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(".pem") && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
        return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(mode) } : new FileAttribute<?>[0];
    }

    private static void syncDirectory(Path dir) {
        // Makes a rename or delete durable on Linux; not possible on every platform, hence best effort.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            logger.debug("Cannot sync directory {}: {}", dir, e.toString());
        }
    }
}
