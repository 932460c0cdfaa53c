package io.galvani.ocpp.rpc.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint of one connection attempt: Jetty's callbacks (on Jetty's threads) become
 * {@link Events} on the transport thread, and frames go out through the session; both directions
 * pass the link's {@link FrameTap}. Public only because Jetty binds listener methods through a public
 * method-handle lookup. Frames are logged and told to listeners by the {@link FrameTap} around it.
 */
public final class CsmsSocket implements Session.Listener.AutoDemanding {
    private static final Logger logger = LoggerFactory.getLogger(CsmsSocket.class);

    /** What happened on the socket of attempt {@code gen}; called on the transport thread. */
    interface Events {
        /** The WebSocket opened with the OCPP subprotocol. */
        void opened(int gen, Session s);

        /** The attempt failed or the connection ended. */
        void lost(int gen, String reason);

        /** A WebSocket error: while connecting, a failed attempt (possibly a security event); else a lost link. */
        void failed(int gen, Throwable cause);

        /** A text frame arrived. */
        void received(int gen, Session s, String text);

        void ponged(int gen);
    }

    private final int gen;
    private final TransportExecutor transport;
    private final Events events;
    private volatile Session s;

    CsmsSocket(int gen, TransportExecutor transport, Events events) {
        this.gen = gen;
        this.transport = transport;
        this.events = events;
    }

    @Override
    public void onWebSocketOpen(Session sess) {
        this.s = sess;
        String accepted = sess.getUpgradeResponse() == null ? null
                : sess.getUpgradeResponse().getAcceptedSubProtocol();
        if (!Handshake.SUBPROTOCOL.equals(accepted)) {
            sess.close(1002, "subprotocol " + Handshake.SUBPROTOCOL + " required", Callback.NOOP);
            transport.submit(() -> events.lost(gen, "the CSMS did not accept subprotocol " + Handshake.SUBPROTOCOL));
            return;
        }
        transport.submit(() -> events.opened(gen, sess));
    }

    @Override
    public void onWebSocketText(String text) {
        transport.submit(() -> events.received(gen, s, text));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        logger.debug("Ignoring a binary WebSocket message ({} bytes): OCPP-J uses text", payload.remaining());
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        transport.submit(() -> events.ponged(gen));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        transport.submit(() -> events.lost(gen, "closed (" + statusCode
                + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")"));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        transport.submit(() -> events.failed(gen, cause));
    }

    // ------------------------------------------------------------------ frames on a session

    /** Where the inbound pipeline's replies to frames from {@code s} go. */
    static InboundPipeline.Outlet outlet(Session s) {
        return (frame, afterWritten) -> write(s, frame, failure -> {
            if (failure == null) {
                afterWritten.run();
            } else {
                logger.debug("Reply not written: {}", failure.toString());
            }
        });
    }

    /** Where the outbound queue's CALLs go while {@code s} is open. */
    static OutboundQueue.Sender sender(Session s) {
        return (frame, done) -> write(s, frame, done);
    }

    private static void write(Session s, String frame, Consumer<Throwable> done) {
        s.sendText(frame, Callback.from(() -> done.accept(null), done::accept));
    }
}
