package io.galvani.operations.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.api.InboundCall;

/** An InboundCall that keeps the afterResponse tasks. */
final class RecordingCall implements InboundCall {
    final List<Runnable> afterResponse = new CopyOnWriteArrayList<>();
    private final String action;

    RecordingCall(String action) {
        this.action = action;
    }

    @Override
    public String messageId() {
        return "m1";
    }

    @Override
    public String action() {
        return action;
    }

    @Override
    public void afterResponse(Runnable task) {
        afterResponse.add(task);
    }
}
