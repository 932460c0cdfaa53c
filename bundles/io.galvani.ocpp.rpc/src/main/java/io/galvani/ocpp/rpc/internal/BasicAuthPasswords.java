package io.galvani.ocpp.rpc.internal;

import java.util.Objects;

/**
 * Which BasicAuthPassword the next connection attempt sends (A01). Normally the configured one. After a change, when
 * the CSMS refuses the new password (HTTP 401), the attempts alternate between it and the password the CSMS last
 * accepted, until one is accepted (a CSMS that did not take the change keeps accepting the old one, A01.FR.04); the
 * accepted one stays. Used on the transport thread only.
 */
final class BasicAuthPasswords {
    /** The password the CSMS last accepted; null before the first connection. */
    private String accepted;
    private boolean tryingAccepted;
    /** The password of the current attempt or connection. */
    private String inUse;

    /** The password for the next attempt, given the configured one. */
    String forAttempt(String configured) {
        inUse = tryingAccepted && accepted != null ? accepted : configured;
        return inUse;
    }

    /**
     * Whether a new configured password is a change the link must reconnect for: not when it is the one in use
     * (e.g. the accepted password written back after the CSMS refused a new one).
     */
    boolean changed(String before, String configured) {
        boolean changed = !Objects.equals(before, configured) && !Objects.equals(configured, inUse);
        if (changed) {
            tryingAccepted = false;
        }
        return changed;
    }

    /** The CSMS answered 401: the next attempt tries the other password, if there is one. */
    void refused(String configured) {
        if (accepted != null && !accepted.equals(configured)) {
            tryingAccepted = !tryingAccepted;
        }
    }

    /**
     * A connection with the password in use succeeded: it is the accepted one now.
     *
     * @return the accepted password if it is not the configured one (the configuration must be set back to it),
     *         else null
     */
    String connected(String configured) {
        accepted = inUse;
        return tryingAccepted && inUse != null && !inUse.equals(configured) ? inUse : null;
    }
}
