package io.galvani.outbox.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.outbox.api.MessageDiscardedException;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxFullException;
import io.galvani.outbox.api.OutboxStatus;

/**
 * The {@link Outbox} without OSGi: commits go to the {@link SqliteStore} on the caller's thread,
 * delivery runs in a {@link DeliveryLoop} on {@code executor}. Tests drive it with a virtual
 * scheduler and a fake link.
 */
final class OutboxService implements Outbox {
    private static final Logger logger = LoggerFactory.getLogger(OutboxService.class);

    private final SqliteStore store;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Stages stages = new Stages();
    private final Counters counters = new Counters();
    private final DeliveryLoop delivery;
    private volatile Settings settings;

    OutboxService(SqliteStore store, ScheduledExecutorService executor, Clock clock, LongSupplier nanoTime,
            Settings settings) {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.settings = settings;
        this.delivery = new DeliveryLoop(store, stages, counters, executor, nanoTime, settings.retry());
    }

    /** Starts delivering what an earlier run left queued. */
    void start() {
        delivery.wakeUp();
    }

    void reconfigure(Settings newSettings) {
        this.settings = newSettings;
        delivery.reconfigure(newSettings.retry());
    }

    Settings settings() {
        return settings;
    }

    void linkBound(OcppLink link) {
        delivery.linkBound(link);
    }

    void linkUnbound(OcppLink link) {
        delivery.linkUnbound(link);
    }

    void linkConnected() {
        delivery.linkConnected();
    }

    /** No more sends; call before shutting the executor down. */
    void stopDelivery() {
        delivery.stop();
    }

    /** After the executor stopped: cancels the stages still waiting and closes the store. */
    void close() {
        stages.cancelAll();
        store.close();
    }

    @Override
    public List<CompletionStage<OcppResponse>> commit(OutboxCommit commit) {
        Objects.requireNonNull(commit, "commit");
        Instant now = clock.instant();
        List<NewMessage> rows = commit.messages().stream()
                .map(m -> MessageCodec.encode(m.request(), m.kind(), now)).toList();
        Settings s = settings;
        List<CompletableFuture<OcppResponse>> futures = new ArrayList<>(rows.size());
        SqliteStore.CommitResult result;
        try {
            result = store.commit(rows, commit.stateChanges(), s.capacity(), ids -> futures.addAll(stages.register(ids)));
        } catch (OutboxFullException e) {
            logger.warn("Outbox: commit refused, {}", e.getMessage());
            throw e;
        }
        if (!result.thinned().isEmpty()) {
            thinned(result.thinned(), s.capacity());
        }
        if (!rows.isEmpty()) {
            delivery.wakeUp();
        }
        return futures.stream().map(f -> (CompletionStage<OcppResponse>) f.minimalCompletionStage()).toList();
    }

    private void thinned(List<Long> ids, int capacity) {
        long total = counters.discarded.addAndGet(ids.size());
        logger.warn("Outbox full (capacity {}): dropped {} intermediate meter-value TransactionEvent message(s) "
                + "to make room (J02.FR.13); {} message(s) dropped or given up since start", capacity, ids.size(), total);
        Runnable tell = () -> ids.forEach(id -> stages.discarded(id,
                new MessageDiscardedException("TransactionEvent #" + id + " thinned from the full outbox (J02.FR.13)",
                        null)));
        try {
            executor.execute(tell);
        } catch (RejectedExecutionException e) {
            tell.run();
        }
    }

    @Override
    public Map<String, String> state(String namespace) {
        return store.state(Objects.requireNonNull(namespace, "namespace"));
    }

    @Override
    public boolean queueAllMessages() {
        return settings.queueAllMessages();
    }

    @Override
    public OutboxStatus status() {
        return new OutboxStatus(store.count(), settings.capacity(), store.oldest(), counters.delivered.get(),
                counters.discarded.get(), delivery.inFlight());
    }
}
