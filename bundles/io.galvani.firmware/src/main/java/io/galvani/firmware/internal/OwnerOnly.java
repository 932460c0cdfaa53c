package io.galvani.firmware.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Files and folders created readable by the station's user only (images and state may carry credentials). */
final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, attribute("rwx------"));
        } else {
            Files.createDirectories(dir);
        }
    }

    static void createFile(Path file) throws IOException {
        if (POSIX) {
            Files.createFile(file, attribute("rw-------"));
        } else {
            Files.createFile(file);
        }
    }

    /** Makes a rename in {@code dir} durable; not possible on every platform, so best effort. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // e.g. Windows cannot open a directory; the rename is still atomic
        }
    }

    private static FileAttribute<?> attribute(String perms) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms));
    }
}
