package io.galvani.csms.demo.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One WebSocket connection of one station. Jetty calls the listener methods one at a time per connection;
 * sends are serialized on this object by {@link Dispatcher} so that the record order is the wire order.
 * Public only because Jetty binds the listener methods through a public method-handle lookup.
 */
public final class OcppEndpoint implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(OcppEndpoint.class);

    /** A CALL the CSMS sent and the station has not answered yet. */
    record PendingCall(String action, CompletableFuture<JsonNode> future) {
    }

    private final String stationId;
    private final String subprotocol;
    private final Dispatcher dispatcher;
    private final Map<String, PendingCall> pendingCalls = new ConcurrentHashMap<>();
    private volatile Session session;
    private boolean closed; // guarded by this

    OcppEndpoint(String stationId, String subprotocol, Dispatcher dispatcher) {
        this.stationId = stationId;
        this.subprotocol = subprotocol;
        this.dispatcher = dispatcher;
    }

    String stationId() {
        return stationId;
    }

    /** The agreed subprotocol, or {@code null} when the client offered none we support. */
    String subprotocol() {
        return subprotocol;
    }

    Session session() {
        return session;
    }

    Map<String, PendingCall> pendingCalls() {
        return pendingCalls;
    }

    /** Caller holds the lock on this endpoint. */
    boolean isClosed() {
        return closed || session == null;
    }

    /** Caller holds the lock on this endpoint. */
    void markClosed() {
        closed = true;
    }

    @Override
    public void onWebSocketOpen(Session newSession) {
        this.session = newSession;
        dispatcher.opened(this);
    }

    @Override
    public void onWebSocketText(String text) {
        dispatcher.received(this, text);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            dispatcher.closed(this, statusCode, reason);
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // A dropped connection is a normal event here; onWebSocketClose reports it.
        LOG.debug("WebSocket error on {}", stationId, cause);
    }
}
