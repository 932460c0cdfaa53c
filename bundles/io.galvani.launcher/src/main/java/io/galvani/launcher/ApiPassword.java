package io.galvani.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The local API's password ({@code STATION_API_PASSWORD}) as the station keeps it: a salted PBKDF2-HMAC-SHA256
 * hash in {@code <data dir>/localapi/api-password}, owner-only, one line
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>}. The launcher derives it so that the clear
 * password never enters the framework (framework properties are readable by every bundle, and Config Admin would
 * persist it in clear in the data dir); {@code io.galvani.localapi} only reads and verifies the hash.
 */
final class ApiPassword {
    /** Relative to the data dir; the local API reads the same path. */
    static final String FILE = "localapi/api-password";
    /**
     * About 100 ms per derivation in the station's JVM (bin/galvani runs C1 only, -XX:TieredStopAtLevel=1) on the
     * 2-core reference machine: measured 104 ms median for 25 000 (420 ms for 100 000; with C2 the same 25 000 take
     * about 12 ms). Each login check costs this; the 12-character minimum carries the rest of the strength.
     */
    static final int ITERATIONS = 25_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private ApiPassword() {
    }

    /** Whether a readable hash is stored in {@code dataDir}. */
    static boolean stored(Path dataDir) {
        return read(dataDir.resolve(FILE)) != null;
    }

    /**
     * Stores the hash of {@code password} unless the stored one is already of this password (a restart with the
     * same variable neither rewrites the file nor changes the salt).
     *
     * @return true if a new hash was written
     */
    static boolean store(Path dataDir, String password) throws IOException {
        Path file = dataDir.resolve(FILE);
        String[] current = read(file);
        if (current != null && matches(current, password)) {
            return false;
        }
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        byte[] hash = derive(password, salt, ITERATIONS);
        String line = SCHEME + ":" + ITERATIONS + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash) + "\n";
        DataDir.prepare(dataDir);
        Path dir = file.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (Files.notExists(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        // Written beside it owner-only from the first byte, then renamed over it: never a half-written hash.
        Path temp = dir.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(temp);
        if (posix) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, line, StandardCharsets.US_ASCII);
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    /** The fields of the stored line, or null if there is none or it is not in the format. */
    private static String[] read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String[] f = Files.readString(file, StandardCharsets.US_ASCII).trim().split(":");
            if (f.length != 4 || !f[0].equals(SCHEME) || Integer.parseInt(f[1]) < 1) {
                return null;
            }
            Base64.getDecoder().decode(f[2]);
            Base64.getDecoder().decode(f[3]);
            return f;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean matches(String[] stored, String password) {
        byte[] expected = Base64.getDecoder().decode(stored[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(stored[2]), Integer.parseInt(stored[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
