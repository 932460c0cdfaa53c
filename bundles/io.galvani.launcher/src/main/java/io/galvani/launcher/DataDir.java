package io.galvani.launcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data dir holds everything the station must keep: bundle cache, configuration, logs with OCPP
 * traffic (personal data such as idTokens) and later private keys. It is created owner-only.
 */
final class DataDir {

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
}
