package io.galvani.authorization.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * The Authorization Cache (C10): the latest idTokenInfo the CSMS gave for every token, whatever its status
 * (C10.FR.01), kept in memory and in a {@link CacheFile} (C10.FR.02).
 *
 * <ul>
 * <li>An entry expires at its cacheExpiryDateTime (C10.FR.13) or, without one, AuthCacheCtrlr.LifeTime after
 * its last use (C10.FR.08); an expired entry is unknown and removed (C10.FR.10): when looked up, when
 * space is needed, at load and by {@link #purgeExpired}. An idTokenInfo that is already expired when it
 * arrives removes the entry instead of being stored.</li>
 * <li>The cache takes at most {@code maxBytes} on disk (AuthCacheCtrlr.Storage); a new entry always gets in,
 * by evicting expired entries, then others in the order of AuthCacheCtrlr.Policy (C10.FR.07).</li>
 * <li>Stored are status, cacheExpiryDateTime, chargingPriority, languages, evseId and groupIdToken (C09);
 * not the personalMessage (a message for that moment, possibly a price: C10.FR.09) nor customData.</li>
 * </ul>
 *
 * <p>Thread-safe. Changes are written by a task on {@code writer}, coalesced, so decisions never wait for
 * the disk; {@link #clear} writes at once because ClearCache must say
 * whether it succeeded (C11.FR.02). A failed write is retried with the next change or purge. A change of
 * what the cache decides (an entry added, its status or validity changed, an entry removed) is written at
 * once; bookkeeping alone (when an entry was last used, how often) within {@link #BOOKKEEPING_DELAY}, so
 * that a busy station does not rewrite the file for every transaction message (losing that bookkeeping to
 * a power cut only ages the entries a little).
 */
final class AuthorizationCache {
    private static final Logger logger = LoggerFactory.getLogger(AuthorizationCache.class);

    private final CacheFile file;
    private final Supplier<Instant> clock;
    /** How long a bookkeeping-only change may wait in memory before it is written. */
    static final Duration BOOKKEEPING_DELAY = Duration.ofSeconds(10);

    private final ScheduledExecutorService writer;
    private final long maxBytes;
    /** Serialises writes to the file; taken before {@code this}, never while holding it. */
    private final Object fileLock = new Object();

    // guarded by this
    private final Map<String, CacheEntry> entries = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private long entryBytes;
    private TokenSeal seal;
    private ReplacementPolicy policy;
    private Duration lifeTime;
    private boolean dirty;
    private boolean writeScheduled;
    private boolean bookkeepingScheduled;

    // guarded by fileLock
    private boolean writeFailing;

    AuthorizationCache(CacheFile file, Supplier<Instant> clock, ScheduledExecutorService writer, long maxBytes,
            ReplacementPolicy policy, Duration lifeTime) {
        this.file = file;
        this.clock = clock;
        this.writer = writer;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.lifeTime = lifeTime;
        if (load()) {
            requestWrite();
        }
    }

    /** The valid entry for {@code token}, without counting it as used; empty if unknown or expired. */
    Optional<IdTokenInfoType> lookup(IdTokenType token) {
        boolean changed;
        Optional<IdTokenInfoType> info;
        synchronized (this) {
            String id = seal.id(token);
            CacheEntry entry = entries.get(id);
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.expired(clock.get(), lifeTime)) {
                remove(id);
                logger.debug("Cache entry of {} expired at {}; removed", TokenMask.mask(token),
                        entry.expiresAt(lifeTime));
                info = Optional.empty();
            } else {
                info = seal.open(token, id, entry.sealedInfo());
                if (info.isEmpty()) {
                    remove(id);
                    logger.warn("Cache entry of {} is damaged; removed", TokenMask.mask(token));
                }
            }
            changed = info.isEmpty();
        }
        if (changed) {
            requestWrite();
        }
        return info;
    }

    /** Counts a decision taken with the entry of {@code token} as a use (LifeTime, LRU, LFU). */
    void markUsed(IdTokenType token) {
        synchronized (this) {
            String id = seal.id(token);
            CacheEntry entry = entries.get(id);
            if (entry == null) {
                return;
            }
            replace(entry.used(clock.get()));
        }
        requestBookkeepingWrite();
    }

    /**
     * Stores the idTokenInfo the CSMS gave for {@code token} (C10.FR.04, C10.FR.05, C12.FR.06).
     *
     * @param used whether a presentation of the token caused it (an AuthorizeResponse), as opposed to an
     *             update that came with a transaction message
     */
    void put(IdTokenType token, IdTokenInfoType info, boolean used) {
        IdTokenInfoType kept = new IdTokenInfoType(null, info.status(), info.cacheExpiryDateTime(),
                info.chargingPriority(), info.language1(), info.evseId(), info.groupIdToken(), info.language2(), null);
        Instant now = clock.get();
        boolean bookkeepingOnly;
        synchronized (this) {
            String id = seal.id(token);
            CacheEntry old = entries.get(id);
            boolean renewed = old != null && !old.expired(now, lifeTime);
            CacheEntry entry = new CacheEntry(id, kept.status(), renewed ? old.created() : now, now,
                    (renewed ? old.uses() : 0) + (used ? 1 : 0), kept.cacheExpiryDateTime(),
                    seal.seal(token, id, kept));
            // The same word again (e.g. with every transaction message): only its use is news.
            bookkeepingOnly = renewed && !entry.expired(now, lifeTime)
                    && kept.equals(seal.open(token, id, old.sealedInfo()).orElse(null));
            if (entry.expired(now, lifeTime)) {
                // Valid no longer (cacheExpiryDateTime passed, or LifeTime 0): the newest word is "not cached".
                if (old == null) {
                    return;
                }
                remove(id);
            } else {
                replace(entry);
                int evicted = evictToFit(id, now);
                if (evicted > 0) {
                    logger.debug("Authorization cache full: {} entries evicted ({})", evicted, policy);
                }
            }
        }
        if (bookkeepingOnly) {
            requestBookkeepingWrite();
        } else {
            requestWrite();
        }
    }

    /**
     * Empties the cache and the file (ClearCache, C11.FR.01). The next entries are sealed with a new salt.
     *
     * @return whether the empty cache is on disk (C11.FR.03) or writing it failed (C11.FR.05)
     */
    boolean clear() {
        synchronized (fileLock) {
            byte[] salt;
            synchronized (this) {
                entries.clear();
                sizes.clear();
                entryBytes = 0;
                seal = TokenSeal.withRandomSalt();
                salt = seal.salt();
                dirty = false;
            }
            try {
                file.save(salt, List.of());
                writeFailing = false;
                return true;
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    dirty = true;
                }
                logger.warn("Clearing the authorization cache file {} failed: {}", file.path(), e.toString());
                return false;
            }
        }
    }

    /** Removes expired entries (C10.FR.10) and retries a failed write. */
    void purgeExpired() {
        boolean write;
        synchronized (this) {
            int removed = removeExpired(clock.get());
            if (removed > 0) {
                logger.debug("{} expired authorization cache entries removed", removed);
            }
            write = removed > 0 || (dirty && !writeScheduled);
        }
        if (write) {
            requestWrite();
        }
    }

    /** Applies new AuthCacheCtrlr.Policy and LifeTime values; a shorter LifeTime expires entries at once. */
    void reconfigure(ReplacementPolicy newPolicy, Duration newLifeTime) {
        synchronized (this) {
            this.policy = newPolicy;
            this.lifeTime = newLifeTime;
        }
        purgeExpired();
    }

    /** Writes pending changes now, on the caller's thread (deactivation). */
    void flush() {
        writeNow();
    }

    /** AuthCacheCtrlr.Storage: the bytes the cache takes on disk. */
    synchronized long storageBytes() {
        return CacheFile.size(entryBytes, entries.size());
    }

    long maxBytes() {
        return maxBytes;
    }

    synchronized int size() {
        return entries.size();
    }

    /** Reads the file; true if what it held had to change (expired, unreadable or too many entries). */
    private boolean load() {
        try {
            Optional<CacheFile.Contents> contents = file.load();
            if (contents.isEmpty()) {
                seal = TokenSeal.withRandomSalt();
                return false;
            }
            CacheFile.Contents c = contents.get();
            synchronized (this) {
                seal = new TokenSeal(c.salt());
                c.entries().forEach(this::replace);
                Instant now = clock.get();
                int expired = removeExpired(now);
                int evicted = evictToFit(null, now);
                logger.info("Authorization cache: {} entries from {}{}{}", entries.size(), file.path(),
                        expired > 0 ? ", " + expired + " expired" : "",
                        evicted > 0 ? ", " + evicted + " evicted to fit " + maxBytes + " bytes" : "");
                if (c.skipped() > 0) {
                    logger.warn("{} unreadable entries in the authorization cache {} dropped", c.skipped(),
                            file.path());
                }
                return expired > 0 || evicted > 0 || c.skipped() > 0;
            }
        } catch (IOException | RuntimeException e) {
            logger.warn("Authorization cache {} is unreadable ({}); starting with an empty cache", file.path(),
                    e.getMessage());
            synchronized (this) {
                entries.clear();
                sizes.clear();
                entryBytes = 0;
                seal = TokenSeal.withRandomSalt();
            }
            return true; // replaces the unreadable file with an empty cache
        }
    }

    /** Makes room for the entry {@code keep} (null: for nothing in particular); returns how many went. */
    private int evictToFit(String keep, Instant now) {
        if (storageBytes() <= maxBytes) {
            return 0;
        }
        int evicted = removeExpired(now);
        while (storageBytes() > maxBytes) {
            Optional<CacheEntry> victim = entries.values().stream()
                    .filter(e -> !e.id().equals(keep))
                    .min(policy.evictFirst);
            if (victim.isEmpty()) {
                break;
            }
            remove(victim.get().id());
            evicted++;
        }
        return evicted;
    }

    private int removeExpired(Instant now) {
        List<String> expired = entries.values().stream().filter(e -> e.expired(now, lifeTime)).map(CacheEntry::id)
                .toList();
        expired.forEach(this::remove);
        return expired.size();
    }

    private void replace(CacheEntry entry) {
        remove(entry.id());
        int bytes = CacheFile.bytes(entry);
        entries.put(entry.id(), entry);
        sizes.put(entry.id(), bytes);
        entryBytes += bytes;
    }

    private void remove(String id) {
        entries.remove(id);
        Integer bytes = sizes.remove(id);
        if (bytes != null) {
            entryBytes -= bytes;
        }
    }

    /** A write within {@link #BOOKKEEPING_DELAY}, unless one is due sooner anyway. */
    private void requestBookkeepingWrite() {
        synchronized (this) {
            dirty = true;
            if (writeScheduled || bookkeepingScheduled) {
                return;
            }
            bookkeepingScheduled = true;
        }
        try {
            writer.schedule(this::writeNow, BOOKKEEPING_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                bookkeepingScheduled = false; // stopping: flush() writes it
            }
        }
    }

    private void requestWrite() {
        synchronized (this) {
            dirty = true;
            if (writeScheduled) {
                return;
            }
            writeScheduled = true;
        }
        try {
            writer.execute(this::writeNow);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                writeScheduled = false; // stopping: flush() writes it
            }
        }
    }

    private void writeNow() {
        synchronized (fileLock) {
            byte[] salt;
            List<CacheEntry> snapshot;
            synchronized (this) {
                writeScheduled = false;
                bookkeepingScheduled = false;
                if (!dirty) {
                    return;
                }
                dirty = false;
                salt = seal.salt();
                snapshot = new ArrayList<>(entries.values());
            }
            snapshot.sort(Comparator.comparing(CacheEntry::created).thenComparing(CacheEntry::id));
            try {
                file.save(salt, snapshot);
                if (writeFailing) {
                    logger.info("Authorization cache {} written again", file.path());
                    writeFailing = false;
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    dirty = true;
                }
                if (!writeFailing) {
                    logger.warn("Writing the authorization cache {} failed ({}); it stays in memory and is retried",
                            file.path(), e.toString());
                    writeFailing = true;
                }
            }
        }
    }
}
