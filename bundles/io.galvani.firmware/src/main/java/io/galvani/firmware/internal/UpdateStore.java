package io.galvani.firmware.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.galvani.firmware.api.BundleEntry;
import io.galvani.firmware.api.BundleSet;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;

/**
 * {@code <data dir>/firmware/update.properties}: the running update ({@link UpdateRecord}) and the last status sent
 * (for TriggerMessage, L01.FR.25/26). Written whole to a temporary file, fsynced and moved over the old one, so a
 * power cut leaves the old or the new content, never a mix. Owner-only: the location may carry credentials.
 *
 * <p>Format version 1 (key {@code format}); a file of a newer format is not read (the update it describes is
 * dropped with a warning by the caller rather than misread).
 */
final class UpdateStore {
    static final int FORMAT = 1;

    /** The file's content. */
    record State(Optional<UpdateRecord> update, FirmwareStatusEnumType lastStatus, Integer lastRequestId) {
        static State empty() {
            return new State(Optional.empty(), null, null);
        }
    }

    /** The file is of a newer format or unreadable. */
    static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final Path file;

    UpdateStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve("update.properties");
    }

    Path file() {
        return file;
    }

    State load() throws IOException {
        if (!Files.exists(file)) {
            return State.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(file + " is not a properties file");
        }
        int format = intOf(p, "format", -1);
        if (format != FORMAT) {
            throw new Unreadable(file + " has format " + format + ", this Galvani reads " + FORMAT);
        }
        FirmwareStatusEnumType last = p.containsKey("lastStatus")
                ? FirmwareStatusEnumType.fromValue(p.getProperty("lastStatus")) : null;
        Integer lastRequestId = p.containsKey("lastRequestId") ? intOf(p, "lastRequestId", 0) : null;
        if (!p.containsKey("requestId")) {
            return new State(Optional.empty(), last, lastRequestId);
        }
        try {
            UpdateRecord r = new UpdateRecord(intOf(p, "requestId", 0),
                    UpdateRecord.Phase.valueOf(p.getProperty("phase")), p.getProperty("location"),
                    intOf(p, "attemptsLeft", 0), intOf(p, "retryInterval", 0), instant(p, "retrieveAt"),
                    instant(p, "installAt"), p.getProperty("signingCertificate"), p.getProperty("signature"),
                    p.containsKey("image") ? Path.of(p.getProperty("image")) : null, target(p));
            return new State(Optional.of(r), last, lastRequestId);
        } catch (RuntimeException e) {
            throw new Unreadable(file + " holds an unreadable update: " + e.getMessage());
        }
    }

    void save(State state) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        if (state.lastStatus() != null) {
            p.setProperty("lastStatus", state.lastStatus().value());
        }
        if (state.lastRequestId() != null) {
            p.setProperty("lastRequestId", state.lastRequestId().toString());
        }
        state.update().ifPresent(r -> {
            p.setProperty("requestId", Integer.toString(r.requestId()));
            p.setProperty("phase", r.phase().name());
            p.setProperty("location", r.location());
            p.setProperty("attemptsLeft", Integer.toString(r.attemptsLeft()));
            p.setProperty("retryInterval", Integer.toString(r.retryIntervalSeconds()));
            p.setProperty("retrieveAt", r.retrieveAt().toString());
            if (r.installAt() != null) {
                p.setProperty("installAt", r.installAt().toString());
            }
            if (r.signingCertificate() != null) {
                p.setProperty("signingCertificate", r.signingCertificate());
            }
            if (r.signature() != null) {
                p.setProperty("signature", r.signature());
            }
            if (r.image() != null) {
                p.setProperty("image", r.image().toString());
            }
            if (r.target() != null) {
                p.setProperty("target.version", r.target().firmwareVersion());
                List<BundleEntry> bundles = r.target().bundles();
                for (int i = 0; i < bundles.size(); i++) {
                    BundleEntry b = bundles.get(i);
                    p.setProperty("target.bundle." + i,
                            b.symbolicName() + ";" + b.version() + ";" + b.sha256() + ";" + b.startLevel());
                }
            }
        });
        StringWriter text = new StringWriter();
        p.store(text, "Galvani firmware update state; do not edit while the station runs");
        writeAtomically(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private void writeAtomically(byte[] content) throws IOException {
        OwnerOnly.createDirectories(dir);
        Path tmp = dir.resolve("update.properties.tmp");
        Files.deleteIfExists(tmp);
        OwnerOnly.createFile(tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            out.write(content);
            out.flush();
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        OwnerOnly.syncDirectory(dir);
    }

    private static BundleSet target(Properties p) {
        String version = p.getProperty("target.version");
        if (version == null) {
            return null;
        }
        List<BundleEntry> bundles = new ArrayList<>();
        for (int i = 0; p.containsKey("target.bundle." + i); i++) {
            String[] f = p.getProperty("target.bundle." + i).split(";", -1);
            bundles.add(new BundleEntry(f[0], f[1], f[2], Integer.parseInt(f[3])));
        }
        return new BundleSet(version, bundles);
    }

    private static int intOf(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Instant instant(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : Instant.parse(v);
    }

    /** For a test that checks the permissions. */
    static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
