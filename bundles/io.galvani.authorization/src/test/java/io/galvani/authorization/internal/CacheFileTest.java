package io.galvani.authorization.internal;

import static io.galvani.authorization.internal.TestStation.card;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;

/** The cache file format, version 1, and how it is written. */
class CacheFileTest {
    /** A cache written by format version 1: salt 00 01 … 1f, two entries. Must stay readable. */
    static final String VERSION_1 = """
            {"format":"galvani.authorization.cache","version":1,"salt":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","entries":[
            {"id":"y1o0C2DyPdkEL1boNNmayhGDWkjwwU0tpvv0leV8sVM","status":"Accepted","created":"2025-01-01T00:00:00Z","lastUsed":"2025-01-01T06:00:00Z","uses":3,"cacheExpiry":"2030-01-01T00:00:00Z","info":"IMTadLivKMnsjkevlOwZylthXQVt9OnJrY3ofAOTX01/fgmxyksRgy8LS50JOOh4Mzhmm/Py/orz7cAMBn1OWSQwwmlQdbhDMllf5byBs6tPHnKkrfYctAFBcUYR8xQl2YziOTHmwV43RKxTJPuZ53TxNkt3oCqR1RmcWvCNmEBlHsiLKNWrXN2wEnQNJu0KvjDiISwf52J23hZ/ImbwKSP/3Ow+z79edSax//Sf/cqBla5RiWCyM4pM7BqMFyNUxEqbjSBx292YXCEg"},
            {"id":"CUh7nz3kcBMX-fXc5a_e6yAuoujN0mP7ECaVAfhVpPk","status":"Blocked","created":"2025-01-01T01:00:00Z","lastUsed":"2025-01-01T01:00:00Z","uses":1,"info":"dzV/C5zSKScL64tdNI/lJHFm24cGSQ0j7boDvD4jbTdVQmhv3vkNwv03npUeBfkS"}
            ]}
            """;
    private static final IdTokenType FIRST = card("04A2B3C4D5E6F7");
    private static final IdTokenType SECOND = card("04FFEEDDCCBBAA");

    @TempDir
    Path dir;

    @Test
    void readsTheVersion1Fixture() throws IOException {
        Path file = dir.resolve("cache.json");
        Files.writeString(file, VERSION_1);

        CacheFile.Contents c = new CacheFile(file).load().orElseThrow();

        assertThat(c.salt()).hasSize(32).startsWith(0, 1, 2, 3);
        assertThat(c.skipped()).isZero();
        assertThat(c.entries()).extracting(CacheEntry::status)
                .containsExactly(AuthorizationStatusEnumType.Accepted, AuthorizationStatusEnumType.Blocked);
        CacheEntry first = c.entries().get(0);
        assertThat(first.created()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(first.lastUsed()).isEqualTo(Instant.parse("2025-01-01T06:00:00Z"));
        assertThat(first.uses()).isEqualTo(3);
        assertThat(first.cacheExpiry()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(c.entries().get(1).cacheExpiry()).isNull();
        assertThat(Files.size(file)).as("size() is the file's size").isEqualTo(CacheFile.size(
                c.entries().stream().mapToLong(CacheFile::bytes).sum(), c.entries().size()));
    }

    @Test
    void theVersion1FixtureAnswersForItsTokens() throws IOException {
        Path file = dir.resolve("authorization").resolve("cache.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, VERSION_1);
        MutableClock clock = new MutableClock(); // 2025-01-01T00:00:00Z
        clock.advance(Duration.ofHours(7));

        AuthorizationCache cache = new AuthorizationCache(new CacheFile(file), clock::instant, new VirtualScheduler(),
                1_000_000, ReplacementPolicy.LRU, Duration.ofDays(1));

        assertThat(cache.lookup(FIRST)).contains(new IdTokenInfoType(null, AuthorizationStatusEnumType.Accepted,
                Instant.parse("2030-01-01T00:00:00Z"), 2, "de", List.of(1),
                IdTokenType.of("FAMILY-1", IdTokenEnumType.Central), null, null));
        assertThat(cache.lookup(SECOND)).contains(IdTokenInfoType.of(AuthorizationStatusEnumType.Blocked));
        assertThat(cache.lookup(card("04A2B3C4D5E6F8"))).isEmpty();
    }

    @Test
    void writesWhatItReadsAndThatExactSize() throws IOException {
        Path source = dir.resolve("fixture.json");
        Files.writeString(source, VERSION_1);
        CacheFile.Contents c = new CacheFile(source).load().orElseThrow();
        Path copy = dir.resolve("sub").resolve("cache.json");

        new CacheFile(copy).save(c.salt(), c.entries());

        assertThat(Files.readString(copy)).isEqualTo(VERSION_1);
        assertThat(Files.size(copy)).isEqualTo(CacheFile.size(
                c.entries().stream().mapToLong(CacheFile::bytes).sum(), 2));
        new CacheFile(copy).save(c.salt(), List.of());
        assertThat(Files.size(copy)).isEqualTo(CacheFile.size(0, 0));
        assertThat(new CacheFile(copy).load().orElseThrow().entries()).isEmpty();
    }

    @Test
    void aMissingFileIsAnEmptyCacheAndAStaleTemporaryFileIsReplaced() throws IOException {
        Path file = dir.resolve("cache.json");
        assertThat(new CacheFile(file).load()).isEmpty();
        Files.writeString(dir.resolve("cache.json.tmp"), "left by a power cut");

        new CacheFile(file).save(new byte[TokenSeal.SALT_BYTES], List.of());

        assertThat(dir.resolve("cache.json.tmp")).doesNotExist();
        assertThat(new CacheFile(file).load()).isPresent();
    }

    @Test
    void onlyVersion1IsKnown() {
        String salt = Base64.getEncoder().encodeToString(new byte[32]);
        for (String version : List.of("0", "2", "\"one\"")) {
            Path file = dir.resolve("v" + version.replace("\"", "") + ".json");
            assertThatThrownBy(() -> {
                Files.writeString(file, "{\"format\":\"galvani.authorization.cache\",\"version\":" + version
                        + ",\"salt\":\"" + salt + "\",\"entries\":[]}");
                new CacheFile(file).load();
            }).isInstanceOf(IOException.class).hasMessageContaining("format version");
        }
    }
}
