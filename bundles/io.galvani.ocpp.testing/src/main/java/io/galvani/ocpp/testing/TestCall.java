package io.galvani.ocpp.testing;

import java.util.ArrayList;
import java.util.List;

import io.galvani.ocpp.api.InboundCall;

/**
 * An {@link InboundCall} whose after-response tasks run only when the test says the response went out, so a test
 * can check what a handler does before and after its answer is on the wire.
 */
public final class TestCall implements InboundCall {
    private final List<Runnable> tasks = new ArrayList<>();
    private final String action;

    /** @param action the OCPP action of the call, e.g. "GetLog" */
    public TestCall(String action) {
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
    public synchronized void responded() {
        tasks.forEach(Runnable::run);
        tasks.clear();
    }

    /** How many after-response tasks wait for {@link #responded()}. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }
}
