package io.galvani.launcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data dir holds everything the station must keep: bundle cache, configuration, logs with OCPP
 * traffic (personal data such as idTokens) and later private keys. It is created owner-only, and
 * remembers the dispenser variant it was set up for: the configurations of a variant's devices stay
 * in Config Admin, so another variant on the same data dir would mix two dispensers.
 */
final class DataDir {
    private static final String VARIANT_FILE = "variant";

    private DataDir() {
    }

    static Path prepare(Path dir) throws IOException {
        if (Files.notExists(dir)) {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        return dir;
    }

    /** The variant the data dir was set up for, or null if none yet. */
    static String variant(Path dir) {
        Path file = dir.resolve(VARIANT_FILE);
        try {
            return Files.isRegularFile(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    static void bindVariant(Path dir, String variant) throws IOException {
        if (variant(dir) == null) {
            Files.writeString(dir.resolve(VARIANT_FILE), variant + System.lineSeparator());
        }
    }
}
