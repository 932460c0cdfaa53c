package io.galvani.firmware.internal;

import java.util.ArrayList;
import java.util.List;

import io.galvani.ocpp.api.InboundCall;

/** An InboundCall whose after-response tasks run when the test says the response went out. */
final class TestCall implements InboundCall {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public String messageId() {
        return "m1";
    }

    @Override
    public String action() {
        return "UpdateFirmware";
    }

    @Override
    public synchronized void afterResponse(Runnable task) {
        tasks.add(task);
    }

    synchronized void responded() {
        tasks.forEach(Runnable::run);
        tasks.clear();
    }
}
