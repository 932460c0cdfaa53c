package io.galvani.firmware.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationRequest;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationResponse;
import io.galvani.ocpp.testing.OcppSchemas;

/** An OcppLink that checks every CALL against its schema, records it and answers FirmwareStatusNotification. */
final class RecordingLink implements OcppLink {
    final List<OcppRequest<?>> calls = new CopyOnWriteArrayList<>();
    final List<OcppRequest<?>> triggered = new CopyOnWriteArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        OcppSchemas.assertValid(request);
        calls.add(request);
        return CompletableFuture.completedFuture((R) FirmwareStatusNotificationResponse.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R extends OcppResponse> CompletionStage<R> callTriggered(OcppRequest<R> request) {
        OcppSchemas.assertValid(request);
        triggered.add(request);
        return CompletableFuture.completedFuture((R) FirmwareStatusNotificationResponse.of());
    }

    @Override
    public LinkStatus status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void gateChanged() {
    }

    /** "Downloading#7" style summary of the FirmwareStatusNotifications so far. */
    List<String> statuses() {
        return calls.stream().filter(FirmwareStatusNotificationRequest.class::isInstance)
                .map(FirmwareStatusNotificationRequest.class::cast)
                .map(n -> n.status().value() + (n.requestId() == null ? "" : "#" + n.requestId())).toList();
    }

    List<String> triggeredStatuses() {
        return triggered.stream().map(FirmwareStatusNotificationRequest.class::cast)
                .map(n -> n.status().value() + (n.requestId() == null ? "" : "#" + n.requestId())).toList();
    }
}
