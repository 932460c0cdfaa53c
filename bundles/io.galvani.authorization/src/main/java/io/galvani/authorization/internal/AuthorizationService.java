package io.galvani.authorization.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.authorization.api.Authorization;
import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.station.api.StationClock;

/**
 * The station's {@link Authorization}: wires the decision rules ({@link Authorizer}) and the Authorization
 * Cache ({@link AuthorizationCache}, file {@code <galvani.data.dir>/authorization/cache.json}) to the OCPP
 * link and the station clock, and applies SetVariables on AuthCtrlr and AuthCacheCtrlr live
 * ({@link #modified}). Also registered under its own class for the {@link ClearCacheHandler} and the
 * {@link AuthorizationVariables} of this bundle.
 *
 * <p>Both references are optional: without the OCPP link the station is offline, without the station
 * clock the system clock tells the time. One daemon thread of its own ({@code galvani-authorization})
 * writes the cache, ends waits for AuthorizeResponses and purges expired entries every hour; deactivation
 * stops it and writes what is pending.
 */
@Component(service = { Authorization.class, AuthorizationService.class }, configurationPid = AuthorizationConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = AuthorizationConfig.class)
public final class AuthorizationService implements Authorization {
    private static final Logger logger = LoggerFactory.getLogger(AuthorizationService.class);
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    static final long PURGE_INTERVAL_MINUTES = 60;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile OcppLink link;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StationClock clock;

    private final ScheduledExecutorService scheduler;
    private final AuthorizationCache cache;
    private final Authorizer authorizer;
    private final ScheduledFuture<?> purge;
    private volatile AuthorizationSettings settings;

    @Activate
    public AuthorizationService(AuthorizationConfig config, BundleContext context) {
        this(config, dataDir(context).resolve("authorization").resolve("cache.json"), newScheduler(), null);
    }

    /**
     * For tests: the cache file, the scheduler and the time come from outside.
     *
     * @param time the current time; null = the station clock, else the system clock
     */
    AuthorizationService(AuthorizationConfig config, Path cacheFile, ScheduledExecutorService scheduler,
            Supplier<Instant> time) {
        this.scheduler = scheduler;
        this.settings = AuthorizationSettings.from(config);
        Supplier<Instant> now = time != null ? time : this::stationTime;
        this.cache = new AuthorizationCache(new CacheFile(cacheFile), now, scheduler,
                Math.max(2048, config.cacheStorageMaxBytes()), settings.cachePolicy(), settings.cacheLifeTime());
        this.authorizer = new Authorizer(() -> link, cache, () -> settings, scheduler);
        this.purge = scheduler.scheduleWithFixedDelay(cache::purgeExpired, PURGE_INTERVAL_MINUTES,
                PURGE_INTERVAL_MINUTES, TimeUnit.MINUTES);
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-authorization");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** A SetVariables on AuthCtrlr or AuthCacheCtrlr (or a hand edit of the configuration). */
    @Modified
    void modified(AuthorizationConfig config) {
        AuthorizationSettings updated = AuthorizationSettings.from(config);
        if (Math.max(2048, config.cacheStorageMaxBytes()) != cache.maxBytes()) {
            logger.info("cacheStorageMaxBytes {} applies from the next start", config.cacheStorageMaxBytes());
        }
        settings = updated;
        cache.reconfigure(updated.cachePolicy(), updated.cacheLifeTime());
    }

    @Deactivate
    void deactivate() {
        purge.cancel(false);
        // Not shutdownNow at once: interrupting a write would close its file channel half-way.
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        cache.flush();
    }

    @Override
    public CompletionStage<AuthorizationResult> authorize(IdTokenType idToken, int evseId) {
        return authorizer.authorize(idToken, evseId);
    }

    @Override
    public void idTokenInfoReceived(IdTokenType idToken, IdTokenInfoType info) {
        authorizer.infoReceived(idToken, info);
    }

    @Override
    public boolean authorizeRemoteStart() {
        return settings.authorizeRemoteStart();
    }

    /** AuthCacheCtrlr.Enabled. */
    boolean cacheEnabled() {
        return settings.cacheEnabled();
    }

    /** Empties the Authorization Cache; false if the empty cache could not be written. */
    boolean clearCache() {
        return cache.clear();
    }

    /** AuthCacheCtrlr.Storage: bytes in use. */
    long storageBytes() {
        return cache.storageBytes();
    }

    /** The maxLimit of AuthCacheCtrlr.Storage. */
    long storageMaxBytes() {
        return cache.maxBytes();
    }

    AuthorizationSettings settings() {
        return settings;
    }

    private Instant stationTime() {
        StationClock c = clock;
        return c != null ? c.now() : Instant.now();
    }

    private static Path dataDir(BundleContext context) {
        String dir = context.getProperty(DATA_DIR_PROPERTY);
        return dir != null && !dir.isBlank() ? Path.of(dir) : context.getDataFile("").toPath();
    }
}
