package io.galvani.diagnostics.internal;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.LogStatusNotificationRequest;
import io.galvani.ocpp.model.messages.LogStatusNotificationResponse;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/** An OcppLink that records every CALL and answers LogStatusNotification at once. */
final class RecordingLink implements OcppLink {
    final List<OcppRequest<?>> calls = new CopyOnWriteArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        calls.add(request);
        if (request instanceof LogStatusNotificationRequest) {
            return CompletableFuture.completedFuture((R) LogStatusNotificationResponse.of());
        }
        return new CompletableFuture<>();
    }

    @Override
    public LinkStatus status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void gateChanged() {
    }

    List<LogStatusNotificationRequest> notifications() {
        return calls.stream().filter(LogStatusNotificationRequest.class::isInstance)
                .map(LogStatusNotificationRequest.class::cast).toList();
    }

    /** "Uploading#7" style summary of the notifications so far. */
    List<String> statuses() {
        return notifications().stream().map(n -> n.status().value() + "#" + n.requestId()).toList();
    }

    /** Waits until a notification with {@code status} arrived, then returns all statuses. */
    List<String> awaitStatus(UploadLogStatusEnumType status, Duration atMost) {
        await().atMost(atMost).until(() -> notifications().stream().anyMatch(n -> n.status() == status));
        return statuses();
    }

    List<String> awaitStatus(UploadLogStatusEnumType status) {
        return awaitStatus(status, Duration.ofSeconds(20));
    }
}
