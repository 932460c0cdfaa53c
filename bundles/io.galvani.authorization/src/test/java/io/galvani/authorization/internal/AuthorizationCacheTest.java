package io.galvani.authorization.internal;

import static io.galvani.authorization.internal.TestStation.card;
import static io.galvani.ocpp.model.types.AuthorizationStatusEnumType.Accepted;
import static io.galvani.ocpp.model.types.AuthorizationStatusEnumType.Blocked;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ch.qos.logback.classic.Level;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MessageContentType;
import io.galvani.ocpp.model.types.MessageFormatEnumType;

/** The Authorization Cache: expiry (C10.FR.08/10/13), replacement (C10.FR.07), persistence (C10.FR.02). */
class AuthorizationCacheTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final IdTokenType A = card("04AAAAAAAAAAAA");
    private static final IdTokenType B = card("04BBBBBBBBBBBB");
    private static final IdTokenType C = card("04CCCCCCCCCCCC");
    private static final IdTokenType D = card("04DDDDDDDDDDDD");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private final VirtualScheduler writer = new VirtualScheduler();
    private Path path;
    private int probes;

    @BeforeEach
    void setUp() {
        path = dir.resolve("authorization").resolve("cache.json");
    }

    private AuthorizationCache cache(long maxBytes, ReplacementPolicy policy, Duration lifeTime) {
        return new AuthorizationCache(new CacheFile(path), clock::instant, writer, maxBytes, policy, lifeTime);
    }

    private AuthorizationCache roomy() {
        return cache(1_000_000, ReplacementPolicy.LRU, DAY);
    }

    private static IdTokenInfoType info(io.galvani.ocpp.model.types.AuthorizationStatusEnumType status) {
        return IdTokenInfoType.of(status);
    }

    private void later() {
        clock.advance(Duration.ofSeconds(1));
    }

    // ---- expiry ----

    @Test
    void C10_FR_08_anEntryLivesLifeTimeAfterItsLastUse() {
        AuthorizationCache cache = cache(1_000_000, ReplacementPolicy.LRU, Duration.ofHours(1));
        cache.put(A, info(Accepted), true);

        clock.advance(Duration.ofMinutes(59));
        assertThat(cache.lookup(A)).isPresent();
        cache.markUsed(A);
        clock.advance(Duration.ofMinutes(59));
        assertThat(cache.lookup(A)).as("59 min after its last use").isPresent();
        clock.advance(Duration.ofMinutes(1));

        assertThat(cache.lookup(A)).as("TC_C_46: LifeTime after its last use").isEmpty();
        assertThat(cache.size()).as("C10.FR.10: removed").isZero();
    }

    @Test
    void C10_FR_13_cacheExpiryDateTimeDecidesInsteadOfLifeTime() {
        AuthorizationCache cache = cache(1_000_000, ReplacementPolicy.LRU, Duration.ofHours(1));
        Instant start = clock.instant();
        cache.put(A, info(Accepted).withCacheExpiryDateTime(start.plus(Duration.ofDays(2))), true);
        cache.put(B, info(Accepted).withCacheExpiryDateTime(start.plus(Duration.ofMinutes(10))), true);

        clock.advance(Duration.ofMinutes(10));
        assertThat(cache.lookup(B)).as("at its cacheExpiryDateTime").isEmpty();
        clock.advance(Duration.ofMinutes(80));
        assertThat(cache.lookup(A)).as("beyond LifeTime, within cacheExpiryDateTime").isPresent();
        clock.advance(Duration.ofDays(2));
        assertThat(cache.lookup(A)).isEmpty();
    }

    @Test
    void anAlreadyExpiredIdTokenInfoRemovesTheEntryInsteadOfBeingStored() {
        AuthorizationCache cache = roomy();
        cache.put(A, info(Accepted), true);

        cache.put(A, info(Accepted).withCacheExpiryDateTime(clock.instant().minusSeconds(1)), true);
        cache.put(B, info(Accepted).withCacheExpiryDateTime(clock.instant()), true);

        assertThat(cache.lookup(A)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void lifeTimeZeroKeepsOnlyEntriesWithACacheExpiryDateTime() {
        AuthorizationCache cache = cache(1_000_000, ReplacementPolicy.LRU, Duration.ZERO);

        cache.put(A, info(Accepted), true);
        cache.put(B, info(Accepted).withCacheExpiryDateTime(clock.instant().plusSeconds(60)), true);

        assertThat(cache.lookup(A)).isEmpty();
        assertThat(cache.lookup(B)).isPresent();
    }

    @Test
    void theSameWordAgainIsBookkeeping_writtenWithinTheDelay_whileAChangedStatusIsWrittenAtOnce() throws IOException {
        AuthorizationCache cache = roomy();
        cache.put(A, info(Accepted), true);
        writer.runDue();
        Instant firstUse = new CacheFile(path).load().orElseThrow().entries().get(0).lastUsed();

        clock.advance(Duration.ofMinutes(5));
        cache.put(A, info(Accepted), false); // e.g. with a TransactionEventResponse
        writer.runDue();
        assertThat(new CacheFile(path).load().orElseThrow().entries().get(0).lastUsed()).as("not written yet")
                .isEqualTo(firstUse);
        writer.advance(AuthorizationCache.BOOKKEEPING_DELAY);
        assertThat(new CacheFile(path).load().orElseThrow().entries().get(0).lastUsed())
                .isEqualTo(clock.instant());

        cache.put(A, info(Blocked), false);
        writer.runDue();
        assertThat(new CacheFile(path).load().orElseThrow().entries().get(0).status()).isEqualTo(Blocked);
    }

    @Test
    void aShorterLifeTimeExpiresEntriesAtOnceAndThePurgeWritesIt() throws IOException {
        AuthorizationCache cache = roomy();
        cache.put(A, info(Accepted), true);
        writer.runDue();
        clock.advance(Duration.ofHours(2));

        cache.reconfigure(ReplacementPolicy.LRU, Duration.ofHours(1));
        writer.runDue();

        assertThat(cache.size()).isZero();
        assertThat(new CacheFile(path).load().orElseThrow().entries()).isEmpty();
    }

    @Test
    void thePurgeRemovesExpiredEntriesItself() {
        AuthorizationCache cache = cache(1_000_000, ReplacementPolicy.LRU, Duration.ofHours(1));
        cache.put(A, info(Accepted), true);
        long empty = CacheFile.size(0, 0);
        assertThat(cache.storageBytes()).isGreaterThan(empty);
        clock.advance(Duration.ofHours(1));

        cache.purgeExpired();

        assertThat(cache.size()).isZero();
        assertThat(cache.storageBytes()).isEqualTo(empty);
    }

    // ---- replacement (C10.FR.07) ----

    @Test
    void LRU_theLeastRecentlyUsedEntryMakesRoom() {
        AuthorizationCache cache = cache(roomFor(3), ReplacementPolicy.LRU, DAY);
        fill(cache, A, B, C);
        later();
        cache.markUsed(A);
        later();

        cache.put(D, info(Accepted), true);

        assertThat(present(cache)).containsExactlyInAnyOrder(A, C, D);
    }

    @Test
    void LFU_theLeastFrequentlyUsedEntryMakesRoomAndAmongEqualsTheLeastRecentlyUsed() {
        AuthorizationCache cache = cache(roomFor(3), ReplacementPolicy.LFU, DAY);
        fill(cache, A, B, C);
        later();
        cache.markUsed(A);
        cache.markUsed(A);
        cache.markUsed(B);
        later();

        cache.put(D, info(Accepted), true);
        assertThat(present(cache)).as("C used once").containsExactlyInAnyOrder(A, B, D);

        later();
        cache.markUsed(D); // D: 2 uses, B: 2 uses but older
        later();
        cache.put(C, info(Accepted), true);
        assertThat(present(cache)).containsExactlyInAnyOrder(A, D, C);
    }

    @Test
    void FIFO_theEntryStoredFirstMakesRoomEvenIfUsedAndUpdatedSince() {
        AuthorizationCache cache = cache(roomFor(3), ReplacementPolicy.FIFO, DAY);
        fill(cache, A, B, C);
        later();
        cache.markUsed(A);
        cache.put(A, info(Accepted).withChargingPriority(3), true);
        later();

        cache.put(D, info(Accepted), true);

        assertThat(present(cache)).containsExactlyInAnyOrder(B, C, D);
    }

    @Test
    void CUSTOM_entriesOtherThanAcceptedMakeRoomFirst() {
        AuthorizationCache cache = cache(roomFor(3), ReplacementPolicy.CUSTOM, DAY);
        cache.put(A, info(Accepted), true);
        later();
        cache.put(B, info(Blocked), true);
        later();
        cache.put(C, info(Accepted), true);
        later();
        cache.markUsed(B);
        later();

        cache.put(D, info(Accepted), true);

        assertThat(present(cache)).as("B is the most recently used, but Blocked").containsExactlyInAnyOrder(A, C, D);
    }

    @Test
    void expiredEntriesMakeRoomBeforeAnyOther() {
        AuthorizationCache cache = cache(roomFor(3), ReplacementPolicy.LFU, Duration.ofHours(1));
        fill(cache, A, B);
        cache.markUsed(B);
        cache.markUsed(B);
        cache.markUsed(B); // B is the most used, but will expire first
        clock.advance(Duration.ofMinutes(30));
        cache.put(C, info(Accepted), true); // the least used: LFU's choice, were B not expired
        cache.markUsed(A);
        clock.advance(Duration.ofMinutes(31)); // B last used 61 min ago

        cache.put(D, info(Accepted), true);

        assertThat(present(cache)).containsExactlyInAnyOrder(A, C, D);
    }

    @Test
    void aNewEntryAlwaysGetsIn() {
        AuthorizationCache cache = cache(1, ReplacementPolicy.LRU, DAY);

        cache.put(A, info(Accepted), true);
        cache.put(B, info(Accepted), true);

        assertThat(present(cache)).containsExactly(B);
    }

    @Test
    void storageIsTheFileSizeAndStaysWithinTheBound() throws IOException {
        long max = roomFor(5);
        AuthorizationCache cache = cache(max, ReplacementPolicy.LRU, DAY);
        for (int i = 0; i < 12; i++) {
            cache.put(card(String.format(Locale.ROOT, "04%012d", i)), info(i % 3 == 0 ? Blocked : Accepted), true);
            later();
            assertThat(cache.storageBytes()).isLessThanOrEqualTo(max);
        }
        writer.runDue();

        assertThat(cache.size()).isEqualTo(5);
        assertThat(Files.size(path)).isEqualTo(cache.storageBytes());
        cache.clear();
        assertThat(Files.size(path)).isEqualTo(cache.storageBytes()).isEqualTo(CacheFile.size(0, 0));
    }

    // ---- persistence (C10.FR.02) ----

    @Test
    void TC_C_32_theCacheSurvivesARestartWithEverythingItKeeps() {
        IdTokenInfoType full = new IdTokenInfoType(null, Accepted, clock.instant().plus(Duration.ofDays(3)), 5, "de",
                List.of(1, 2), card("FAMILY-ACCOUNT-1"), "en", null);
        AuthorizationCache first = roomy();
        first.put(A, full, true);
        later();
        first.put(B, info(Blocked), false);
        writer.runDue();

        AuthorizationCache second = roomy();

        assertThat(second.size()).isEqualTo(2);
        assertThat(second.lookup(A)).contains(full);
        assertThat(second.lookup(B)).contains(info(Blocked));
        assertThat(second.storageBytes()).isEqualTo(first.storageBytes());
    }

    @Test
    void useTimesSurviveARestartSoThatTheOrderOfReplacementDoes() {
        AuthorizationCache first = cache(roomFor(3), ReplacementPolicy.LRU, DAY);
        fill(first, A, B, C);
        later();
        first.markUsed(A);
        writer.runDue();

        AuthorizationCache second = cache(roomFor(3), ReplacementPolicy.LRU, DAY);
        later();
        second.put(D, info(Accepted), true);

        assertThat(present(second)).containsExactlyInAnyOrder(A, C, D);
    }

    @Test
    void entriesExpiredWhileStoppedAreDroppedAtLoad() throws IOException {
        AuthorizationCache first = cache(1_000_000, ReplacementPolicy.LRU, Duration.ofHours(1));
        first.put(A, info(Accepted), true);
        first.put(B, info(Accepted).withCacheExpiryDateTime(clock.instant().plus(DAY)), true);
        writer.runDue();
        clock.advance(Duration.ofHours(2));

        AuthorizationCache second = cache(1_000_000, ReplacementPolicy.LRU, Duration.ofHours(1));
        writer.runDue();

        assertThat(present(second)).containsExactly(B);
        assertThat(new CacheFile(path).load().orElseThrow().entries()).hasSize(1);
    }

    @Test
    void aSmallerBoundEvictsAtLoad() {
        AuthorizationCache first = roomy();
        fill(first, A, B, C);
        writer.runDue();

        AuthorizationCache second = cache(roomFor(2), ReplacementPolicy.LRU, DAY);

        assertThat(present(second)).containsExactlyInAnyOrder(B, C);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage", "{\"format\":\"galvani.authorization.cache\",\"version\":1,\"salt\":\"",
        "{\"format\":\"something else\",\"version\":1}", "[1,2,3]",
        "{\"format\":\"galvani.authorization.cache\",\"version\":2,\"salt\":\"AAAA\",\"entries\":[]}",
        "{\"format\":\"galvani.authorization.cache\",\"version\":1,\"salt\":\"AAAA\",\"entries\":[]}",
        "{\"format\":\"galvani.authorization.cache\",\"version\":1,\"salt\":\"%%%\",\"entries\":[]}",
        "{\"format\":\"galvani.authorization.cache\",\"version\":1,"
                + "\"salt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"entries\":{}}" })
    void aCorruptedFileStartsAnEmptyCacheWithAWarningAndIsReplaced(String content) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);

        try (LogCapture log = new LogCapture()) {
            AuthorizationCache cache = roomy();

            assertThat(cache.size()).isZero();
            assertThat(cache.lookup(A)).isEmpty();
            assertThat(log.at(Level.WARN)).singleElement().asString()
                    .contains("unreadable", path.toString(), "starting with an empty cache");
            cache.put(A, info(Accepted), true);
            assertThat(cache.lookup(A)).as("works normally").isPresent();
        }
        writer.runDue();
        assertThat(new CacheFile(path).load().orElseThrow().entries()).hasSize(1);
    }

    @Test
    void anUnreadableEntryIsDroppedAndTheOthersKept() throws IOException {
        AuthorizationCache first = roomy();
        fill(first, A, B);
        writer.runDue();
        String text = Files.readString(path);
        String idOfB = new TokenSeal(new CacheFile(path).load().orElseThrow().salt()).id(B);
        Files.writeString(path, text.replace("\"id\":\"" + idOfB + "\",\"status\":\"Accepted\"",
                "\"id\":\"" + idOfB + "\",\"status\":\"Maybe\""));

        try (LogCapture log = new LogCapture()) {
            AuthorizationCache second = roomy();

            assertThat(present(second)).containsExactly(A);
            assertThat(log.at(Level.WARN)).singleElement().asString().contains("1 unreadable entries");
        }
    }

    @Test
    void aTamperedEntryIsRemovedWhenLookedUp() throws IOException {
        AuthorizationCache first = roomy();
        fill(first, A);
        writer.runDue();
        CacheEntry stored = new CacheFile(path).load().orElseThrow().entries().get(0);
        String sealed = stored.sealedInfo();
        char flipped = sealed.charAt(20) == 'A' ? 'B' : 'A';
        Files.writeString(path, Files.readString(path).replace(sealed,
                sealed.substring(0, 20) + flipped + sealed.substring(21)));

        try (LogCapture log = new LogCapture()) {
            AuthorizationCache second = roomy();
            assertThat(second.lookup(A)).isEmpty();
            assertThat(second.size()).isZero();
            assertThat(log.at(Level.WARN)).anySatisfy(l -> assertThat(l).contains("damaged", "****AAAA"));
        }
    }

    @Test
    void C10_FR_12_theFileHoldsNoTokenAndNoPersonalData() throws IOException {
        AuthorizationCache cache = roomy();
        cache.put(card("04A2B3C4D5E6F7"), new IdTokenInfoType(null, Accepted, null, null, "nl", List.of(1),
                card("FAMILY-ACCOUNT-1"), null, MessageContentType.of(MessageFormatEnumType.UTF8, "Hello Anna")), true);
        writer.runDue();

        String text = Files.readString(path, StandardCharsets.UTF_8);
        assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("04a2b3c4d5e6f7", "family-account-1", "anna",
                "iso14443");
        assertThat(text).contains("\"status\":\"Accepted\"");
    }

    @Test
    void theFileIsForTheStationsUserOnly() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        AuthorizationCache cache = roomy();
        cache.put(A, info(Accepted), true);
        writer.runDue();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())))
                .isEqualTo("rwx------");
        try (var files = Files.list(path.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(path);
        }
    }

    // ---- clearing (C11) and failing disks ----

    @Test
    void clearEmptiesTheCacheAndTheFileAtOnceWithANewSalt() throws IOException {
        AuthorizationCache cache = roomy();
        fill(cache, A, B);
        writer.runDue();
        byte[] oldSalt = new CacheFile(path).load().orElseThrow().salt();

        assertThat(cache.clear()).isTrue();

        CacheFile.Contents stored = new CacheFile(path).load().orElseThrow();
        assertThat(stored.entries()).isEmpty();
        assertThat(stored.salt()).isNotEqualTo(oldSalt);
        assertThat(cache.lookup(A)).isEmpty();
        assertThat(roomy().size()).isZero();
    }

    @Test
    void clearReportsAFileThatCannotBeWritten() throws IOException {
        Files.writeString(dir.resolve("blocker"), "a file where the directory should be");
        path = dir.resolve("blocker").resolve("cache.json");
        AuthorizationCache cache = roomy();
        fill(cache, A);

        try (LogCapture log = new LogCapture()) {
            assertThat(cache.clear()).isFalse();
            assertThat(log.at(Level.WARN)).singleElement().asString().contains("Clearing the authorization cache");
        }
        assertThat(cache.size()).as("cleared in memory all the same").isZero();
    }

    @Test
    void aFailedWriteIsWarnedOnceKeptInMemoryAndRetried() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where the directory should be");
        path = blocker.resolve("cache.json");
        try (LogCapture log = new LogCapture()) {
            AuthorizationCache cache = roomy();
            cache.put(A, info(Accepted), true);
            writer.runDue();
            cache.put(B, info(Accepted), true);
            writer.runDue();

            assertThat(log.at(Level.WARN)).singleElement().asString().contains("Writing the authorization cache");
            assertThat(present(cache)).containsExactlyInAnyOrder(A, B);

            Files.delete(blocker);
            cache.purgeExpired();
            writer.runDue();

            assertThat(log.at(Level.INFO)).anySatisfy(l -> assertThat(l).contains("written again"));
            assertThat(new CacheFile(path).load().orElseThrow().entries()).hasSize(2);
        }
    }

    // ---- helpers ----

    private void fill(AuthorizationCache cache, IdTokenType... tokens) {
        for (IdTokenType t : tokens) {
            cache.put(t, info(Accepted), true);
            later();
        }
    }

    private List<IdTokenType> present(AuthorizationCache cache) {
        return List.of(A, B, C, D).stream().filter(t -> cache.lookup(t).isPresent()).toList();
    }

    /** A bound that holds {@code n} of the test's entries but not one more. */
    private long roomFor(int n) {
        AuthorizationCache probe = new AuthorizationCache(new CacheFile(dir.resolve("probe-" + ++probes).resolve("x")),
                clock::instant, new VirtualScheduler(), 1_000_000, ReplacementPolicy.LRU, DAY);
        long empty = probe.storageBytes();
        probe.put(card("04000000000000"), info(Accepted), true);
        long perEntry = probe.storageBytes() - empty;
        return empty + n * (perEntry + 2) + perEntry / 2;
    }
}
