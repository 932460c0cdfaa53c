package io.galvani.provisioning.internal;

import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;

/** Stands in for the transport: records calls, the test answers them. */
final class RecordingLink implements OcppLink {
    final List<OcppRequest<?>> calls = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<OcppResponse>> answers = new CopyOnWriteArrayList<>();
    final AtomicInteger gateChanges = new AtomicInteger();
    volatile boolean connected = true;

    @Override
    @SuppressWarnings("unchecked")
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        CompletableFuture<OcppResponse> f = new CompletableFuture<>();
        answers.add(f);
        calls.add(request);
        return (CompletionStage<R>) f;
    }

    OcppRequest<?> awaitCall(int index) {
        await().until(() -> calls.size() > index);
        return calls.get(index);
    }

    OcppRequest<?> last() {
        return calls.get(calls.size() - 1);
    }

    /** The actions called from {@code index} on. */
    List<String> actionsFrom(int index) {
        return calls.subList(index, calls.size()).stream().map(OcppRequest::ocppAction).toList();
    }

    void answer(int index, OcppResponse response) {
        answers.get(index).complete(response);
    }

    void answerLast(OcppResponse response) {
        answer(calls.size() - 1, response);
    }

    void fail(int index, Throwable failure) {
        answers.get(index).completeExceptionally(failure);
    }

    @Override
    public LinkStatus status() {
        return new LinkStatus(connected, "ws://test/ocpp/GALVANI-0001", 1, Instant.EPOCH, 0, null);
    }

    @Override
    public void gateChanged() {
        gateChanges.incrementAndGet();
    }
}
