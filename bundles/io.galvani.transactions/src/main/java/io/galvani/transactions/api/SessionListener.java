package io.galvani.transactions.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service told every change of an EVSE's session (phase changes at once; energy and power
 * while charging at most once a second), and the current view of every EVSE when it is added. Called
 * on the transaction bundle's notification thread, in order; return quickly.
 */
@ConsumerType
public interface SessionListener {

    void sessionChanged(SessionView session);
}
