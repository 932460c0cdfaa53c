package io.galvani.localapi.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Basic credentials already checked, per client address, so that a script sending {@code -u} with every
 * request costs one PBKDF2 derivation (about 100 ms) per idle period, not per request, and its login is one
 * MaintenanceLoginAccepted event, not one per request. Kept is an HMAC of the header value under a key random per
 * server start, never the password; entries expire after the idle time like sessions.
 */
final class VerifiedBasic {
    private static final int MAX_CLIENTS = 64;

    private record Entry(byte[] mac, long lastUse) {
    }

    private final LongSupplier nanoTime;
    private final long idleNanos;
    private final SecretKeySpec key;
    private final LinkedHashMap<String, Entry> byAddress = new LinkedHashMap<>(16, 0.75f, true);

    VerifiedBasic(LongSupplier nanoTime, long idleNanos) {
        this.nanoTime = nanoTime;
        this.idleNanos = idleNanos;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    /** Whether {@code address} presented exactly this header value with success within the idle time. */
    synchronized boolean known(String address, String authorization) {
        Entry e = byAddress.get(address);
        long now = nanoTime.getAsLong();
        if (e == null || now - e.lastUse() > idleNanos) {
            byAddress.remove(address);
            return false;
        }
        if (!MessageDigest.isEqual(e.mac(), mac(authorization))) {
            return false;
        }
        byAddress.put(address, new Entry(e.mac(), now));
        return true;
    }

    synchronized void remember(String address, String authorization) {
        byAddress.put(address, new Entry(mac(authorization), nanoTime.getAsLong()));
        var it = byAddress.entrySet().iterator();
        while (byAddress.size() > MAX_CLIENTS && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private byte[] mac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
