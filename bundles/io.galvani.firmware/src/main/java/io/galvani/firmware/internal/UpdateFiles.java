package io.galvani.firmware.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The download directory: an update's partial file and image ({@code update-<requestId>.part/.img}). */
final class UpdateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateFiles.class);

    private final Path dir;

    UpdateFiles(Path dir) {
        this.dir = dir;
    }

    Path part(int requestId) {
        return dir.resolve("update-" + requestId + ".part");
    }

    Path image(int requestId) {
        return dir.resolve("update-" + requestId + ".img");
    }

    /** A new, empty partial file readable by the owner only (the directory too, when it is made). */
    void createPart(Path part) throws IOException {
        OwnerOnly.createDirectories(dir);
        Files.deleteIfExists(part);
        OwnerOnly.createFile(part);
    }

    void delete(int requestId) {
        deleteQuietly(part(requestId));
        deleteQuietly(image(requestId));
    }

    /** Images and partial files no running update needs (a power cut during a download leaves them). */
    void removeLeftovers(Path keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "update-*")) {
            for (Path p : files) {
                if (!p.equals(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot clean {}: {}", dir, e.toString());
        }
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", p, e.toString());
        }
    }
}
