package io.galvani.localapi.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The password of the local API as the launcher stores it from {@code STATION_API_PASSWORD}:
 * {@code <data dir>/localapi/api-password}, one line {@code pbkdf2-sha256:<iterations>:<salt>:<hash>} (base64).
 * Only the hash is known here; a presented password is derived the same way and compared in constant time.
 */
final class PasswordHash {
    static final String FILE = "localapi/api-password";
    private static final String SCHEME = "pbkdf2-sha256";

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * The hash stored in {@code file}.
     *
     * @return null if there is no such file
     * @throws IOException if it cannot be read or is not in the format (the message says which)
     */
    static PasswordHash read(Path file) throws IOException {
        String line;
        try {
            line = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return null;
        }
        String[] f = line.split(":");
        try {
            if (f.length == 4 && f[0].equals(SCHEME)) {
                int iterations = Integer.parseInt(f[1]);
                byte[] salt = Base64.getDecoder().decode(f[2]);
                byte[] hash = Base64.getDecoder().decode(f[3]);
                if (iterations >= 1 && salt.length >= 8 && hash.length == 32) {
                    return new PasswordHash(iterations, salt, hash);
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IOException(file + " is not a password hash (" + SCHEME + ":<iterations>:<salt>:<hash>)");
    }

    /** Whether {@code password} is the one hashed; costs one PBKDF2 derivation (about 100 ms). */
    boolean matches(String password) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, hash.length * 8);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(derived, hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
