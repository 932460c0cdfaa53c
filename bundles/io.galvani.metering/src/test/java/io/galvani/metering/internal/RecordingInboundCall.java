package io.galvani.metering.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.InboundCall;

/** An inbound TriggerMessage whose after-response tasks run when the test says the response was written. */
final class RecordingInboundCall implements InboundCall {
    final List<Runnable> afterResponse = new CopyOnWriteArrayList<>();

    @Override
    public String messageId() {
        return "trigger-1";
    }

    @Override
    public String action() {
        return "TriggerMessage";
    }

    @Override
    public void afterResponse(Runnable task) {
        afterResponse.add(task);
    }

    /** The CALLRESULT has been written: run what waited for it. */
    void responseWritten() {
        afterResponse.forEach(Runnable::run);
        afterResponse.clear();
    }
}
