package io.galvani.authorization.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * The authorization component as the framework would run it, on virtual time: a {@link FakeLink} for the
 * CSMS, a {@link MutableClock} for the station clock, a {@link VirtualScheduler} for its thread and the cache
 * file in a temporary directory. Configuration changes go through {@code @Modified}, restarts through
 * {@code @Deactivate} and a new instance, as in the framework.
 */
final class TestStation {
    final MutableClock clock = new MutableClock();
    final FakeLink link = new FakeLink();
    final Path cacheFile;
    VirtualScheduler scheduler;
    AuthorizationService service;
    private final Map<String, Object> config = new HashMap<>();

    TestStation(Path dir) {
        this.cacheFile = dir.resolve("authorization").resolve("cache.json");
    }

    static IdTokenType card(String uid) {
        return IdTokenType.of(uid, IdTokenEnumType.ISO14443);
    }

    /** A configuration property before {@link #start}. */
    TestStation with(String property, Object value) {
        config.put(property, value);
        return this;
    }

    TestStation start() {
        scheduler = new VirtualScheduler();
        service = new AuthorizationService(Configs.of(AuthorizationConfig.class, config), cacheFile, scheduler,
                clock::instant);
        service.link = link;
        return this;
    }

    /** A SetVariables: the configuration changes and the component gets it in {@code @Modified}. */
    void set(String property, Object value) {
        config.put(property, value);
        service.modified(Configs.of(AuthorizationConfig.class, config));
    }

    /** Stops the component (writing what is pending) and starts a new one on the same data dir. */
    void restart() {
        service.deactivate();
        start();
    }

    /** Authorizes and runs what is due; the decision must be there. */
    AuthorizationResult authorize(IdTokenType token, int evseId) {
        CompletableFuture<AuthorizationResult> decision = authorizeLater(token, evseId);
        assertThat(decision).as("decided at once").isDone();
        return decision.join();
    }

    CompletableFuture<AuthorizationResult> authorizeLater(IdTokenType token, int evseId) {
        CompletableFuture<AuthorizationResult> decision = service.authorize(token, evseId).toCompletableFuture();
        scheduler.runDue();
        return decision;
    }

    /** The station goes offline: the link reports not connected. */
    void offline() {
        link.connected = false;
    }

    void online() {
        link.connected = true;
    }
}
