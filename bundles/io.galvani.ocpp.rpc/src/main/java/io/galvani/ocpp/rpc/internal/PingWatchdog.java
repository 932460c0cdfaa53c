package io.galvani.ocpp.rpc.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Liveness of the open WebSocket (OCPPCommCtrlr.WebSocketPingInterval): a ping every interval; when
 * two pings in a row are unanswered at the next tick (no pong for 2 intervals) the session is
 * disconnected and reported dead.
 *
 * <p>Confined to the transport's executor thread.
 */
final class PingWatchdog {
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> pingTask;
    private int unansweredPings;

    PingWatchdog(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * (Re)starts pinging {@code s} every {@code intervalSeconds} ({@code <= 0}: no pings) while
     * {@code current} holds; {@code dead} gets the reason once the pongs stay away.
     */
    void start(Session s, int intervalSeconds, BooleanSupplier current, Consumer<String> dead) {
        stop();
        unansweredPings = 0;
        if (intervalSeconds <= 0) {
            return;
        }
        pingTask = executor.scheduleAtFixedRate(() -> ping(s, current, dead), intervalSeconds, intervalSeconds,
                TimeUnit.SECONDS);
    }

    void stop() {
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        pingTask = null;
    }

    /** A pong arrived on the current session. */
    void pong() {
        unansweredPings = 0;
    }

    private void ping(Session s, BooleanSupplier current, Consumer<String> dead) {
        if (!current.getAsBoolean()) {
            return;
        }
        if (unansweredPings >= 2) {
            s.disconnect();
            dead.accept("no WebSocket pong for " + unansweredPings + " pings");
            return;
        }
        unansweredPings++;
        s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
}
