package io.galvani.authorization.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.AuthorizeRequest;
import io.galvani.ocpp.model.messages.AuthorizeResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.testing.OcppSchemas;

/**
 * Stands in for the transport: records every CALL (checked against the official schema) and answers
 * AuthorizeRequests with the next scripted reply, or leaves them open for the test to complete.
 */
final class FakeLink implements OcppLink {
    final List<OcppRequest<?>> calls = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<AuthorizeResponse>> open = new CopyOnWriteArrayList<>();
    private final Deque<Object> replies = new ArrayDeque<>();
    volatile boolean connected = true;
    volatile RuntimeException throwOnCall;

    /** The next AuthorizeRequest is answered with {@code info} (checked against the schema). */
    FakeLink answer(IdTokenInfoType info) {
        AuthorizeResponse response = AuthorizeResponse.of(info);
        OcppSchemas.requireValid("AuthorizeResponse", response);
        synchronized (replies) {
            replies.add(response);
        }
        return this;
    }

    FakeLink answer(AuthorizationStatusEnumType status) {
        return answer(IdTokenInfoType.of(status));
    }

    /** The next AuthorizeRequest fails with {@code failure}. */
    FakeLink fail(Throwable failure) {
        synchronized (replies) {
            replies.add(failure);
        }
        return this;
    }

    /** AuthorizeRequests sent, in order. */
    List<AuthorizeRequest> authorizeRequests() {
        return calls.stream().filter(AuthorizeRequest.class::isInstance).map(AuthorizeRequest.class::cast).toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        if (throwOnCall != null) {
            throw throwOnCall;
        }
        OcppSchemas.requireValid(request.getClass().getSimpleName(), request);
        calls.add(request);
        Object reply;
        synchronized (replies) {
            reply = replies.poll();
        }
        if (reply instanceof Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
        if (reply != null) {
            return CompletableFuture.completedFuture((R) reply);
        }
        CompletableFuture<AuthorizeResponse> pending = new CompletableFuture<>();
        open.add(pending);
        return (CompletionStage<R>) pending;
    }

    @Override
    public LinkStatus status() {
        return new LinkStatus(connected, "ws://test/ocpp/GALVANI-0001", 1, Instant.EPOCH, 0, null);
    }

    @Override
    public void gateChanged() {
    }
}
