package io.galvani.diagnostics.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.galvani.ocpp.model.types.LogEnumType;

/**
 * Picks the log files of one log type and packs them into one zip archive.
 *
 * <p>The logs are rolling files: {@code NAME.log} is being written, {@code NAME.1.log[.gz]} is the newest
 * rotated one, {@code NAME.2.log[.gz]} the one before, and so on (logback's, see conf/logback.xml, and the
 * security log of {@code io.galvani.security.events}, plain text and hash-chained, whose files logback wrote
 * before it are kept as {@code security-legacy*}). A file
 * holds the entries from the last-modified time of the next older file up to its own last-modified
 * time, which is what the requested period is matched against. A file only partly inside the period is
 * filtered line by line on the ISO-8601 timestamp each log line starts with (lines without a timestamp,
 * e.g. stack traces, go with the line before).
 */
final class LogArchiver {
    /** Log names per log type; the files are NAME.log and NAME.N.log[.gz]. */
    static final Map<LogEnumType, List<String>> LOG_NAMES = Map.of(
            LogEnumType.DiagnosticsLog, List.of("galvani", "ocpp-messages"),
            LogEnumType.SecurityLog, List.of("security", "security-legacy"));

    /** One log file chosen for the archive. */
    record LogFile(Path path, Instant start, Instant end, boolean filterLines) {
        boolean compressed() {
            return path.getFileName().toString().endsWith(".gz");
        }

        String entryName() {
            String name = path.getFileName().toString();
            return filterLines && compressed() ? name.substring(0, name.length() - 3) : name;
        }
    }

    private LogArchiver() {
    }

    /** The files of {@code type} in {@code dir} that may hold entries between {@code oldest} and {@code latest}. */
    static List<LogFile> select(Path dir, LogEnumType type, Instant oldest, Instant latest) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<LogFile> selected = new ArrayList<>();
        for (String name : LOG_NAMES.get(type)) {
            List<Path> newestFirst = files(dir, name);
            for (int i = 0; i < newestFirst.size(); i++) {
                Path file = newestFirst.get(i);
                Instant end;
                long size;
                try {
                    end = Files.getLastModifiedTime(file).toInstant();
                    size = Files.size(file);
                } catch (NoSuchFileException e) {
                    continue; // rotated away while we looked
                }
                Instant start = i + 1 < newestFirst.size() ? lastModified(newestFirst.get(i + 1)) : null;
                if (start == null && latest != null) {
                    start = firstTimestamp(file); // the oldest file: peek at its first entry
                }
                if (size == 0 || (oldest != null && end.isBefore(oldest))
                        || (latest != null && start != null && start.isAfter(latest))) {
                    continue;
                }
                boolean partly = (oldest != null && (start == null || start.isBefore(oldest)))
                        || (latest != null && end.isAfter(latest));
                selected.add(new LogFile(file, start, end, partly));
            }
        }
        return selected;
    }

    /** Writes {@code files} into the zip {@code archive}; stops with InterruptedIOException when {@code canceled}. */
    static void write(List<LogFile> files, Path archive, Instant oldest, Instant latest, String info,
            BooleanSupplier canceled) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("galvani-log-info.txt"));
            zip.write(info.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (LogFile file : files) {
                if (canceled.getAsBoolean()) {
                    throw new InterruptedIOException("canceled");
                }
                try (InputStream in = Files.newInputStream(file.path())) {
                    // Already compressed files are stored rather than deflated a second time.
                    zip.setLevel(file.compressed() && !file.filterLines() ? Deflater.NO_COMPRESSION
                            : Deflater.DEFAULT_COMPRESSION);
                    ZipEntry entry = new ZipEntry(file.entryName());
                    entry.setTime(file.end().toEpochMilli());
                    zip.putNextEntry(entry);
                    if (file.filterLines()) {
                        copyLines(file.compressed() ? new GZIPInputStream(in) : in, zip, oldest, latest, canceled);
                    } else {
                        copy(in, zip, canceled);
                    }
                    zip.closeEntry();
                } catch (NoSuchFileException e) {
                    // rotated away since selection: its content is in the next file name now
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, BooleanSupplier canceled) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (canceled.getAsBoolean()) {
                throw new InterruptedIOException("canceled");
            }
            out.write(buffer, 0, n);
        }
    }

    private static void copyLines(InputStream in, OutputStream out, Instant oldest, Instant latest,
            BooleanSupplier canceled) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(new NonClosing(out), StandardCharsets.UTF_8));
        boolean include = oldest == null;
        String line;
        long count = 0;
        while ((line = reader.readLine()) != null) {
            if ((++count & 0x3ff) == 0 && canceled.getAsBoolean()) {
                throw new InterruptedIOException("canceled");
            }
            Instant t = timestamp(line);
            if (t != null) {
                include = (oldest == null || !t.isBefore(oldest)) && (latest == null || !t.isAfter(latest));
            }
            if (include) {
                writer.write(line);
                writer.write('\n');
            }
        }
        writer.flush();
    }

    /** The ISO-8601 timestamp a log line starts with, or null. */
    static Instant timestamp(String line) {
        int space = line.indexOf(' ');
        if (space < 20 || line.charAt(4) != '-' || line.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(line.substring(0, space)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The timestamp of the first of the first lines that has one, or null. */
    static Instant firstTimestamp(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            for (int i = 0; i < 100 && (line = reader.readLine()) != null; i++) {
                Instant t = timestamp(line);
                if (t != null) {
                    return t;
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return null;
    }

    /** NAME.log first, then NAME.1.log[.gz], NAME.2.log[.gz], …: newest first. */
    private static List<Path> files(Path dir, String name) throws IOException {
        Pattern rotated = Pattern.compile(Pattern.quote(name) + "\\.(\\d{1,4})\\.log(\\.gz)?");
        TreeMap<Integer, Path> byIndex = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isRegularFile).forEach(p -> {
                Matcher m = rotated.matcher(p.getFileName().toString());
                if (m.matches()) {
                    byIndex.merge(Integer.parseInt(m.group(1)), p,
                            (a, b) -> Comparator.<Path, Boolean>comparing(x -> x.toString().endsWith(".gz"))
                                    .compare(a, b) >= 0 ? a : b);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<Path> result = new ArrayList<>();
        Path current = dir.resolve(name + ".log");
        if (Files.isRegularFile(current)) {
            result.add(current);
        }
        result.addAll(byIndex.values());
        return result;
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    /** Keeps the zip stream open when the line writer is flushed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
