package io.galvani.display.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The page's files, shipped in the bundle and read once at activation (a few kilobytes). */
final class StaticFiles {
    /** Request path → resource name and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] { "index.html", "text/html;charset=utf-8" },
            "/index.html", new String[] { "index.html", "text/html;charset=utf-8" },
            "/display.css", new String[] { "display.css", "text/css;charset=utf-8" },
            "/display.js", new String[] { "display.js", "text/javascript;charset=utf-8" });

    record File(byte[] content, String contentType) {
    }

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = files;
    }

    static StaticFiles load() {
        Map<String, File> loaded = new java.util.HashMap<>();
        FILES.forEach((path, file) -> loaded.put(path, new File(read(file[0]), file[1])));
        return new StaticFiles(Map.copyOf(loaded));
    }

    /** The file served at {@code path}, or null. */
    File get(String path) {
        return files.get(path);
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("static/" + name + " is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
