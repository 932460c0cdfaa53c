package io.galvani.security.certificates.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.SignCertificateRequest;
import io.galvani.ocpp.model.messages.SignCertificateResponse;
import io.galvani.ocpp.model.types.GenericStatusEnumType;
import io.galvani.ocpp.testing.OcppSchemas;

/**
 * Stands in for the transport: records every CALL (checked against the official schema) and answers
 * SignCertificate with the scripted status, or leaves the answer open ({@link #open}) for the test to give.
 */
final class FakeLink implements OcppLink {
    /** A CALL as the station made it; {@code triggered}: sent with callTriggered. */
    record Sent(OcppRequest<?> request, boolean triggered) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<SignCertificateResponse>> open = new CopyOnWriteArrayList<>();
    private volatile SignCertificateResponse answer;
    private volatile Throwable failure;

    /** Every following SignCertificate is answered with {@code status} (checked against the schema). */
    FakeLink answer(GenericStatusEnumType status) {
        SignCertificateResponse response = SignCertificateResponse.of(status);
        OcppSchemas.requireValid("SignCertificateResponse", response);
        this.answer = response;
        this.failure = null;
        return this;
    }

    /** Every following SignCertificate fails with {@code f}. */
    FakeLink fail(Throwable f) {
        this.failure = f;
        this.answer = null;
        return this;
    }

    /** Following SignCertificates stay unanswered. */
    FakeLink silent() {
        this.answer = null;
        this.failure = null;
        return this;
    }

    List<SignCertificateRequest> signCertificates() {
        return sent.stream().map(Sent::request).filter(SignCertificateRequest.class::isInstance)
                .map(SignCertificateRequest.class::cast).toList();
    }

    @Override
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        return send(request, false);
    }

    @Override
    public <R extends OcppResponse> CompletionStage<R> callTriggered(OcppRequest<R> request) {
        return send(request, true);
    }

    @SuppressWarnings("unchecked")
    private <R extends OcppResponse> CompletionStage<R> send(OcppRequest<R> request, boolean triggered) {
        OcppSchemas.requireValid(request.getClass().getSimpleName(), request);
        sent.add(new Sent(request, triggered));
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (answer != null) {
            return CompletableFuture.completedFuture((R) answer);
        }
        CompletableFuture<SignCertificateResponse> pending = new CompletableFuture<>();
        open.add(pending);
        return (CompletionStage<R>) pending;
    }

    @Override
    public LinkStatus status() {
        return new LinkStatus(true, "wss://test/ocpp/GALVANI-0001", 3, Instant.EPOCH, 0, null);
    }

    @Override
    public void gateChanged() {
    }
}
