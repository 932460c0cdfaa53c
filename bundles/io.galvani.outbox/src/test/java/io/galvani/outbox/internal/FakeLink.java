package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.StatusNotificationResponse;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.testing.OcppSchemas;

/**
 * Stands in for the transport: records every CALL (checked against the official schema) and leaves
 * it outstanding until the test answers it, fails it or drops the connection.
 */
final class FakeLink implements OcppLink {

    /** One CALL: the request and the stage the test completes. */
    record Call(OcppRequest<?> request, String json, CompletableFuture<OcppResponse> answer) {
        @SuppressWarnings("unchecked")
        <T> T as(Class<T> type) {
            return (T) request;
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;

    @Override
    @SuppressWarnings("unchecked")
    public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
        OcppSchemas.assertValid(request);
        assertThat(calls).as("one CALL at a time: every earlier one is answered").allMatch(c -> c.answer().isDone());
        CompletableFuture<OcppResponse> answer = new CompletableFuture<>();
        calls.add(new Call(request, OcppJson.write(request), answer));
        return (CompletionStage<R>) answer;
    }

    @Override
    public LinkStatus status() {
        return new LinkStatus(connected, "ws://csms.test/ocpp/GALVANI-0001", 1, Instant.EPOCH, 0, null);
    }

    @Override
    public void gateChanged() {
    }

    Call last() {
        assertThat(calls).as("calls sent").isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    /** The CSMS answers the last CALL with a CALLRESULT. */
    void accept() {
        Call c = last();
        assertThat(c.answer().isDone()).as("already answered").isFalse();
        c.answer().complete(c.request().ocppAction().equals("StatusNotification") ? StatusNotificationResponse.of()
                : TransactionEventResponse.of());
    }

    void callError(OcppErrorCode code) {
        last().answer().completeExceptionally(new OcppCallException(code, "injected by the test"));
    }

    void timeout() {
        last().answer().completeExceptionally(new OcppTimeoutException("no answer within 30 s"));
    }

    /** The WebSocket drops while the last CALL is outstanding. */
    void drop() {
        connected = false;
        last().answer().completeExceptionally(new OcppConnectionException("connection lost"));
    }

    int count() {
        return calls.size();
    }
}
