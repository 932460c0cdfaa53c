package io.galvani.authorization.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;

/**
 * One entry of the Authorization Cache as it is kept and stored. The idToken itself is not in it: {@code id}
 * is a keyed hash of the token and {@code sealedInfo} its idTokenInfo encrypted under a key derived from the
 * token ({@link TokenSeal}), so an entry can only be read by presenting the token (C10.FR.12). The status and
 * the times are in clear because replacement and expiry need them without the token.
 *
 * @param id          the token's keyed hash ({@link TokenSeal#id})
 * @param status      the cached idTokenInfo.status
 * @param created     when the token first entered the cache (FIFO); kept on updates
 * @param lastUsed    when the entry was last stored or decided a presentation (LRU, LifeTime)
 * @param uses        how often the entry was used (LFU)
 * @param cacheExpiry idTokenInfo.cacheExpiryDateTime, or null
 * @param sealedInfo  the encrypted idTokenInfo
 */
record CacheEntry(String id, AuthorizationStatusEnumType status, Instant created, Instant lastUsed, long uses,
        Instant cacheExpiry, String sealedInfo) {

    CacheEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastUsed, "lastUsed");
        Objects.requireNonNull(sealedInfo, "sealedInfo");
        if (uses < 0) {
            throw new IllegalArgumentException("uses " + uses + " < 0");
        }
    }

    /**
     * When the entry stops being valid: cacheExpiryDateTime if the CSMS gave one (C10.FR.13), else LifeTime
     * after its last use (C10.FR.08).
     */
    Instant expiresAt(Duration lifeTime) {
        return cacheExpiry != null ? cacheExpiry : lastUsed.plus(lifeTime);
    }

    boolean expired(Instant now, Duration lifeTime) {
        return !now.isBefore(expiresAt(lifeTime));
    }

    /** This entry after deciding a presentation at {@code now}. */
    CacheEntry used(Instant now) {
        return new CacheEntry(id, status, created, now, uses + 1, cacheExpiry, sealedInfo);
    }
}
