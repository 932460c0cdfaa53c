package io.galvani.ocpp.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: told of every OCPP-J frame the transport sends or receives, in order, secrets redacted.
 *
 * <p>Contract: called on the transport's thread, so an implementation only hands the frame over (to a bounded
 * queue, dropping when full) and returns at once; it must never block or throw. A listener that is slow slows the
 * OCPP link, a listener that throws is logged and otherwise ignored.
 */
@ConsumerType
public interface OcppFrameListener {

    void frame(OcppFrame frame);
}
