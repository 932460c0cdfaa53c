package io.galvani.outbox.internal;

/**
 * Tells the outbox that the OCPP link connected, without the outbox being an
 * {@link io.galvani.ocpp.api.OcppConnectionListener} itself: a component that references the
 * {@link io.galvani.ocpp.api.OcppLink} must not also be one of its listeners (a DS reference cycle).
 */
interface LinkSignal {

    /** Runs {@code onConnected} (on a transport thread; return quickly) at every connection; close to stop. */
    AutoCloseable subscribe(Runnable onConnected);
}
