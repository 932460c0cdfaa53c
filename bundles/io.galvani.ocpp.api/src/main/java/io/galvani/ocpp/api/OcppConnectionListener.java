package io.galvani.ocpp.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service told about connection changes. Called on a transport thread; must return
 * quickly and must not call {@link OcppLink#call} synchronously waiting for the answer.
 */
@ConsumerType
public interface OcppConnectionListener {

    /** The WebSocket opened with subprotocol ocpp2.0.1. */
    void connected(LinkStatus status);

    /** The WebSocket closed or failed; the transport reconnects with back-off by itself. */
    void disconnected(LinkStatus status);
}
