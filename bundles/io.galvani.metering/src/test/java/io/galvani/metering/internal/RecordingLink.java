package io.galvani.metering.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.messages.MeterValuesResponse;

/** Stands in for the transport: records every CALL and answers it at once (or fails it, if told to). */
final class RecordingLink implements OcppLink {
    final List<OcppRequest<?>> calls = new CopyOnWriteArrayList<>();
    volatile boolean failCalls;

    @Override
    @SuppressWarnings("unchecked")
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        calls.add(request);
        if (failCalls) {
            return CompletableFuture.failedFuture(new OcppConnectionException("connection lost"));
        }
        return CompletableFuture.completedFuture((R) MeterValuesResponse.of());
    }

    /** The MeterValuesRequests sent, in order. */
    List<MeterValuesRequest> meterValues() {
        return calls.stream().filter(MeterValuesRequest.class::isInstance).map(MeterValuesRequest.class::cast)
                .toList();
    }

    void clear() {
        calls.clear();
    }

    @Override
    public LinkStatus status() {
        return new LinkStatus(true, "ws://test/ocpp/GALVANI-0001", 1, Instant.EPOCH, 0, null);
    }

    @Override
    public void gateChanged() {
    }
}
