package io.galvani.outbox.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit;

/** An {@link OutboxService} on a store in {@code dir}, a virtual scheduler and a fake link. */
final class Harness implements AutoCloseable {
    final Path file;
    final VirtualScheduler scheduler = new VirtualScheduler();
    final FakeLink link = new FakeLink();
    final SqliteStore store;
    final OutboxService outbox;

    Harness(Path dir) {
        this(dir, Map.of());
    }

    /** @param config overrides of {@link OutboxConfig}, by attribute name */
    Harness(Path dir, Map<String, ?> config) {
        this.file = dir.resolve("outbox").resolve(SqliteStore.FILE_NAME);
        this.store = SqliteStore.open(file);
        this.outbox = new OutboxService(store, scheduler, Clock.fixed(Messages.T0, ZoneOffset.UTC),
                scheduler::nanoTime, Settings.from(Configs.of(OutboxConfig.class, config)));
        outbox.start();
    }

    Harness withLink() {
        outbox.linkBound(link);
        scheduler.runDue();
        return this;
    }

    CompletionStage<OcppResponse> commit(OcppRequest<?> request, MessageKind kind) {
        List<CompletionStage<OcppResponse>> stages = outbox.commit(OutboxCommit.of(request, kind));
        scheduler.runDue();
        return stages.get(0);
    }

    /** Runs what is due now (e.g. after the fake link answered). */
    void settle() {
        scheduler.runDue();
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    @Override
    public void close() {
        outbox.stopDelivery();
        scheduler.shutdownNow();
        outbox.close();
    }
}
