package io.galvani.localapi.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Browser sessions after a form login: a random 256-bit token in a cookie, valid until it has not been used for
 * the idle time. Only the SHA-256 of each token is kept, so neither a heap dump nor the lookup's timing gives a
 * usable token away. At most {@value #MAX_SESSIONS}: a new login beyond that ends the least recently used one.
 */
final class LoginSessions {
    static final String COOKIE = "galvani_session";
    static final int MAX_SESSIONS = 32;

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoTime;
    private final long idleNanos;
    /** Token digest → last use (nanoTime); access order: the eldest is the least recently used. */
    private final LinkedHashMap<String, Long> lastUse = new LinkedHashMap<>(16, 0.75f, true);

    LoginSessions(LongSupplier nanoTime, long idleNanos) {
        this.nanoTime = nanoTime;
        this.idleNanos = idleNanos;
    }

    /** A new session; returns its token (for the cookie). */
    synchronized String open() {
        expire();
        while (lastUse.size() >= MAX_SESSIONS) {
            Iterator<String> eldest = lastUse.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        lastUse.put(digest(token), nanoTime.getAsLong());
        return token;
    }

    /** Whether {@code token} is a live session; if so, its idle time starts again. */
    synchronized boolean touch(String token) {
        String key = digest(token);
        Long last = lastUse.get(key);
        long now = nanoTime.getAsLong();
        if (last == null) {
            return false;
        }
        if (now - last > idleNanos) {
            lastUse.remove(key);
            return false;
        }
        lastUse.put(key, now);
        return true;
    }

    synchronized void close(String token) {
        lastUse.remove(digest(token));
    }

    synchronized int size() {
        expire();
        return lastUse.size();
    }

    private void expire() {
        long now = nanoTime.getAsLong();
        lastUse.values().removeIf(last -> now - last > idleNanos);
    }

    static String digest(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether {@code value} has the form of a token (43 base64url characters); anything else is not looked up. */
    static boolean isToken(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '-' || c == '_');
    }
}
