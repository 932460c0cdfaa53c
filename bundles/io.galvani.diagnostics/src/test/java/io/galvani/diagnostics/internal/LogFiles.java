package io.galvani.diagnostics.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Writes logback-style log files and reads archives back. */
final class LogFiles {
    static final DateTimeFormatter LINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.ofHours(1));

    private LogFiles() {
    }

    /** A log line as logback's pattern writes it (offset +01:00 on purpose, not UTC). */
    static String line(Instant t, String message) {
        return LINE_TIME.format(t) + " INFO  [main] test " + message + "\n";
    }

    static Path write(Path file, Instant lastModified, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] content = String.join("", lines).getBytes(StandardCharsets.UTF_8);
        if (file.toString().endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content);
            }
        } else {
            Files.write(file, content);
        }
        Files.setLastModifiedTime(file, FileTime.from(lastModified));
        return file;
    }

    /** Entry name to content. */
    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] data = in.readAllBytes();
                if (e.getName().endsWith(".gz")) {
                    data = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(data)).readAllBytes();
                }
                entries.put(e.getName(), new String(data, StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
