package io.galvani.authorization.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;

/**
 * AuthCacheCtrlr.Policy: which entry leaves a full Authorization Cache to make room for a new one
 * (C10.FR.07). The values are the valuesList of Part 2 §2.4.5. Expired entries always go first, whatever
 * the policy.
 */
enum ReplacementPolicy {
    /** Least recently used first. */
    LRU(Comparator.comparing(CacheEntry::lastUsed).thenComparing(CacheEntry::created)),
    /** Least frequently used first; among equals the least recently used. */
    LFU(Comparator.comparingLong(CacheEntry::uses).thenComparing(CacheEntry::lastUsed)),
    /** The entry stored first goes first; updates keep an entry's place. */
    FIFO(Comparator.comparing(CacheEntry::created).thenComparing(CacheEntry::id)),
    /**
     * What C10.FR.07 suggests: entries with a status other than Accepted first, then the least recently
     * used, so that refusals make room before cards that may charge.
     */
    CUSTOM(Comparator.comparing((CacheEntry e) -> e.status() == AuthorizationStatusEnumType.Accepted)
            .thenComparing(LRU.evictFirst));

    /** Orders entries so that the first one is the one to evict. */
    final Comparator<CacheEntry> evictFirst;

    ReplacementPolicy(Comparator<CacheEntry> evictFirst) {
        this.evictFirst = evictFirst;
    }

    /** The policy named {@code value} exactly as the device model writes it; empty if there is none. */
    static Optional<ReplacementPolicy> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.name().equals(value)).findFirst();
    }

    /** The valuesList of AuthCacheCtrlr.Policy. */
    static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
