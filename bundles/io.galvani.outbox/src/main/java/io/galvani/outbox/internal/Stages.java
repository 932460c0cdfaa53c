package io.galvani.outbox.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.galvani.ocpp.model.OcppResponse;
import io.galvani.outbox.api.MessageDiscardedException;

/**
 * The senders waiting for the answer to a message committed in this run, by message id. Messages
 * from an earlier run have no entry: they are delivered, but nobody hears of it.
 */
final class Stages {
    private final Map<Long, CompletableFuture<OcppResponse>> waiting = new ConcurrentHashMap<>();

    /** One new stage per id, in order. */
    List<CompletableFuture<OcppResponse>> register(List<Long> ids) {
        List<CompletableFuture<OcppResponse>> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            CompletableFuture<OcppResponse> f = new CompletableFuture<>();
            waiting.put(id, f);
            out.add(f);
        }
        return out;
    }

    void answered(long id, OcppResponse response) {
        CompletableFuture<OcppResponse> f = waiting.remove(id);
        if (f != null) {
            f.complete(response);
        }
    }

    void discarded(long id, MessageDiscardedException why) {
        CompletableFuture<OcppResponse> f = waiting.remove(id);
        if (f != null) {
            f.completeExceptionally(why);
        }
    }

    /**
     * The outbox stops: nobody will hear of these messages in this run (they stay queued on disk and
     * are delivered after the next start), so their stages are cancelled rather than left hanging.
     */
    void cancelAll() {
        waiting.values().forEach(f -> f.cancel(false));
        waiting.clear();
    }
}
