package io.galvani.security.certificates.internal;

import java.util.ArrayList;
import java.util.List;

import io.galvani.ocpp.api.InboundCall;

/** An InboundCall whose after-response tasks run when the test says the response went out. */
final class TestCall implements InboundCall {
    private final List<Runnable> tasks = new ArrayList<>();
    private final String action;

    TestCall(String action) {
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
    public synchronized void afterResponse(Runnable task) {
        tasks.add(task);
    }

    /** The transport wrote the response: runs the tasks handed to {@link #afterResponse}. */
    synchronized void responded() {
        tasks.forEach(Runnable::run);
        tasks.clear();
    }

    synchronized int pendingTasks() {
        return tasks.size();
    }
}
