package io.galvani.operations.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the availability set by ChangeAvailability across reboots and power cuts (G03.FR.08,
 * G04.FR.09, B11.FR.02): a small properties file, written to a temporary file, flushed to the
 * device and moved over the old one atomically, so a power cut leaves either the old or the new
 * settings, never a torn file.
 *
 * <p>Format version 1:
 * <pre>
 * version=1
 * station.inoperative=false
 * evse.inoperative=2            (comma-separated EVSE ids)
 * connector.inoperative=1/1     (comma-separated evse/connector)
 * </pre>
 * A later format adds a numbered migration in {@link #migrate} and a fixture test of the format
 * before it.
 */
final class AvailabilityStore {
    private static final Logger logger = LoggerFactory.getLogger(AvailabilityStore.class);
    static final int VERSION = 1;

    private final Path file;

    AvailabilityStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The stored settings; all operative when there is no file or it cannot be read (logged). */
    AvailabilitySettings load() {
        if (!Files.isRegularFile(file)) {
            return AvailabilitySettings.ALL_OPERATIVE;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return parse(migrate(p));
        } catch (IOException | RuntimeException e) {
            logger.error("Availability settings in {} are unreadable ({}); every EVSE and connector starts Operative."
                    + " Fix or delete the file.", file, e.toString());
            return AvailabilitySettings.ALL_OPERATIVE;
        }
    }

    /** Stores {@code settings} durably; on failure the previous file is left as it was. */
    void save(AvailabilitySettings settings) throws IOException {
        Properties p = new Properties();
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("station.inoperative", Boolean.toString(settings.stationInoperative()));
        p.setProperty("evse.inoperative", new TreeSet<>(settings.inoperativeEvses()).stream().map(String::valueOf)
                .collect(Collectors.joining(",")));
        p.setProperty("connector.inoperative", settings.inoperativeConnectors().stream()
                .sorted(java.util.Comparator.comparingInt(Scope::evseId).thenComparingInt(Scope::connectorId))
                .map(s -> s.evseId() + "/" + s.connectorId()).collect(Collectors.joining(",")));
        StringWriter text = new StringWriter();
        p.store(text, "Galvani availability (ChangeAvailability); written by io.galvani.operations");

        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(file.getParent());
    }

    /** Brings older formats to {@link #VERSION}; there is none older yet. */
    static Properties migrate(Properties p) {
        int version = Integer.parseInt(p.getProperty("version", "1").trim());
        if (version > VERSION) {
            throw new IllegalArgumentException("format version " + version + " is newer than this bundle's " + VERSION);
        }
        return p;
    }

    private static AvailabilitySettings parse(Properties p) {
        boolean station = Boolean.parseBoolean(p.getProperty("station.inoperative", "false").trim());
        Set<Integer> evses = new HashSet<>();
        for (String id : split(p.getProperty("evse.inoperative", ""))) {
            evses.add(Integer.parseInt(id));
        }
        Set<Scope> connectors = new HashSet<>();
        for (String c : split(p.getProperty("connector.inoperative", ""))) {
            String[] parts = c.split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("connector \"" + c + "\" is not evse/connector");
            }
            connectors.add(Scope.connector(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())));
        }
        return new AvailabilitySettings(station, evses, connectors);
    }

    private static String[] split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable on Linux; not possible on every platform, hence best effort.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            logger.debug("Cannot sync directory {}: {}", dir, e.toString());
        }
    }
}
