package io.galvani.authorization.internal;

import static io.galvani.authorization.internal.TestStation.card;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.authorization.api.AuthorizationSource;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.messages.AuthorizeResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.station.api.StationClock;

/** The component on real threads and its wiring to the data dir and the station clock. */
class AuthorizationServiceTest {
    @TempDir
    Path dir;

    @Test
    void theCacheLivesInTheDataDirAndItsThreadEndsOnDeactivation() throws Exception {
        AuthorizationService service = new AuthorizationService(Configs.defaults(AuthorizationConfig.class),
                context(Map.of("galvani.data.dir", dir.toString())));
        FakeLink link = new FakeLink();
        link.answer(AuthorizationStatusEnumType.Accepted);
        service.link = link;

        AuthorizationResult r = service.authorize(card("04A2B3C4D5E6F7"), 1).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        service.deactivate();

        assertThat(r.source()).isEqualTo(AuthorizationSource.CSMS);
        assertThat(new CacheFile(dir.resolve("authorization").resolve("cache.json")).load().orElseThrow().entries())
                .hasSize(1);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("galvani-authorization")) {
                t.join(10_000);
                assertThat(t.isAlive()).as("the component's thread ended").isFalse();
            }
        }
    }

    @Test
    void expiryFollowsTheStationClock() {
        TestStation station = new TestStation(dir).start();
        AuthorizationService service = new AuthorizationService(Configs.of(AuthorizationConfig.class,
                Map.of("cacheLifeTimeSeconds", 60)), dir.resolve("clocked.json"), station.scheduler, null);
        Instant[] now = { Instant.now() };
        service.clock = new StationClock() {
            @Override
            public Instant now() {
                return now[0];
            }

            @Override
            public void adjustTo(Instant csmsTime) {
                now[0] = csmsTime;
            }
        };
        service.link = station.link;
        service.idTokenInfoReceived(card("04A2B3C4D5E6F7"), IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted));
        station.offline();
        assertThat(service.authorize(card("04A2B3C4D5E6F7"), 1).toCompletableFuture().join().source())
                .isEqualTo(AuthorizationSource.CACHE);

        service.clock.adjustTo(now[0].plusSeconds(61)); // the CSMS moves the station clock on

        assertThat(service.authorize(card("04A2B3C4D5E6F7"), 1).toCompletableFuture().join().source())
                .isEqualTo(AuthorizationSource.LOCAL_REFUSAL);
    }

    @Test
    void concurrentDecisionsUpdatesAndClearsStayConsistent() throws Exception {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);
        Path file = dir.resolve("authorization").resolve("cache.json");
        AuthorizationService service = new AuthorizationService(Configs.of(AuthorizationConfig.class,
                Map.of("localPreAuthorize", true, "cacheStorageMaxBytes", 8192)), file, thread, null);
        FakeLink link = new FakeLink();
        service.link = link;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Void>> work = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int worker = w;
            work.add(() -> {
                for (int i = 0; i < 300; i++) {
                    var token = card(String.format("04%04d%08d", worker, i % 40));
                    switch (i % 5) {
                        case 0 -> service.idTokenInfoReceived(token, IdTokenInfoType.of(i % 2 == 0
                                ? AuthorizationStatusEnumType.Accepted : AuthorizationStatusEnumType.Blocked));
                        case 1 -> {
                            link.answer(AuthorizationStatusEnumType.Accepted);
                            CompletableFuture<AuthorizationResult> f = service.authorize(token, 1).toCompletableFuture();
                            if (f.isDone()) {
                                assertThat(f.join()).isNotNull();
                            }
                        }
                        case 2 -> {
                            if (worker == 0 && i % 50 == 2) {
                                service.clearCache();
                            }
                        }
                        default -> assertThat(service.storageBytes()).isPositive();
                    }
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(work, 60, TimeUnit.SECONDS)) {
            f.get();
        }
        pool.shutdown();
        link.open.forEach(f -> f.complete(AuthorizeResponse.of(
                IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted))));
        service.deactivate();
        assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        CacheFile.Contents stored = new CacheFile(file).load().orElseThrow();
        assertThat(stored.skipped()).isZero();
        AuthorizationService again = new AuthorizationService(Configs.defaults(AuthorizationConfig.class), file,
                new ScheduledThreadPoolExecutor(1), null);
        assertThat(again.storageBytes()).as("what was written is what a restart sees")
                .isEqualTo(Files.size(file)).isLessThanOrEqualTo(8192);
        again.deactivate();
    }

    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
