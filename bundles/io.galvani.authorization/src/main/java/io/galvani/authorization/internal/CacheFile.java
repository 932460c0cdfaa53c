package io.galvani.authorization.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;

/**
 * The Authorization Cache on disk (C10.FR.02: persistent across reboots and power outages): one small JSON
 * file, rewritten as a whole into a temporary file, flushed to the device and moved over the old one
 * atomically, so a power cut leaves the old or the new cache, never a torn one. Readable and writable by
 * the station's user only. It holds no idToken ({@link CacheEntry}).
 *
 * <p>Format version 1, one entry per line:
 * <pre>
 * {"format":"galvani.authorization.cache","version":1,"salt":"…","entries":[
 * {"id":"…","status":"Accepted","created":"2025-01-01T00:00:00Z","lastUsed":"…","uses":1,"cacheExpiry":"…","info":"…"},
 * …
 * ]}
 * </pre>
 * {@code cacheExpiry} is absent when the CSMS gave none. The file's size is exactly {@link #size}, which
 * AuthCacheCtrlr.Storage reports. A later format adds a numbered step to {@link #migrate} and a fixture
 * test of the format before it.
 */
final class CacheFile {
    private static final Logger logger = LoggerFactory.getLogger(CacheFile.class);
    static final String FORMAT = "galvani.authorization.cache";
    static final int VERSION = 1;
    private static final String SUFFIX = "\n]}\n";
    /** Far beyond any configured bound: a larger file is not ours, and reading it could exhaust the heap. */
    static final long MAX_READ_BYTES = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** What the file holds. */
    record Contents(byte[] salt, List<CacheEntry> entries, int skipped) {
    }

    private final Path file;

    CacheFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * The stored cache; empty if there is no file yet. Entries that cannot be read are skipped and counted.
     *
     * @throws IOException if the file cannot be read or is not a cache file of a format this bundle knows
     */
    Optional<Contents> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (Files.size(file) > MAX_READ_BYTES) {
            throw new IOException("larger than " + MAX_READ_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " file");
        }
        root = migrate(root);
        byte[] salt;
        try {
            salt = Base64.getDecoder().decode(root.path("salt").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("salt is not base64");
        }
        if (salt.length != TokenSeal.SALT_BYTES) {
            throw new IOException("salt has " + salt.length + " bytes");
        }
        JsonNode list = root.path("entries");
        if (!list.isArray()) {
            throw new IOException("no entries array");
        }
        List<CacheEntry> entries = new ArrayList<>();
        int skipped = 0;
        for (JsonNode node : list) {
            Optional<CacheEntry> entry = decode(node);
            if (entry.isPresent()) {
                entries.add(entry.get());
            } else {
                skipped++;
            }
        }
        return Optional.of(new Contents(salt, entries, skipped));
    }

    /** Stores {@code entries} durably; on failure the previous file is left as it was. */
    void save(byte[] salt, Collection<CacheEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder(header(salt));
        String separator = "\n";
        for (CacheEntry e : entries) {
            text.append(separator).append(encode(e));
            separator = ",\n";
        }
        text.append(SUFFIX);

        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly("rwx------"));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(tmp, options, ownerOnly("rw-------"))) {
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
        syncDirectory(dir);
    }

    /** The size in bytes of a file holding entries of {@code entryBytes} bytes in all, {@code count} of them. */
    static long size(long entryBytes, int count) {
        // header, then "\n" before the first entry and ",\n" before each further one, then the suffix
        long separators = count == 0 ? 0 : 1 + 2L * (count - 1);
        return header(new byte[TokenSeal.SALT_BYTES]).length() + entryBytes + separators + SUFFIX.length();
    }

    /** The bytes {@code entry} takes in the file, without separators. */
    static int bytes(CacheEntry entry) {
        return encode(entry).getBytes(StandardCharsets.UTF_8).length;
    }

    static String encode(CacheEntry e) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", e.id())
                .put("status", e.status().value())
                .put("created", e.created().toString())
                .put("lastUsed", e.lastUsed().toString())
                .put("uses", e.uses());
        if (e.cacheExpiry() != null) {
            node.put("cacheExpiry", e.cacheExpiry().toString());
        }
        node.put("info", e.sealedInfo());
        try {
            return JSON.writeValueAsString(node);
        } catch (JacksonException ex) {
            throw new IllegalStateException("cannot encode a cache entry", ex);
        }
    }

    private static Optional<CacheEntry> decode(JsonNode node) {
        try {
            String cacheExpiry = node.path("cacheExpiry").asText(null);
            return Optional.of(new CacheEntry(text(node, "id"),
                    AuthorizationStatusEnumType.fromValue(text(node, "status")),
                    Instant.parse(text(node, "created")), Instant.parse(text(node, "lastUsed")),
                    node.path("uses").asLong(0), cacheExpiry == null ? null : Instant.parse(cacheExpiry),
                    text(node, "info")));
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asText();
    }

    /** Brings older formats to {@link #VERSION}; there is none older yet. */
    static JsonNode migrate(JsonNode root) throws IOException {
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > VERSION) {
            throw new IOException("format version " + root.path("version") + " is not supported (this bundle writes "
                    + VERSION + ")");
        }
        return root;
    }

    private static String header(byte[] salt) {
        return "{\"format\":\"" + FORMAT + "\",\"version\":" + VERSION + ",\"salt\":\""
                + Base64.getEncoder().encodeToString(salt) + "\",\"entries\":[";
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions)) } : new FileAttribute<?>[0];
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
