package io.galvani.security.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: told of every security event after it was written to the security log, in order.
 *
 * <p>Contract: called on the reporter's thread (which may be the OCPP transport's or a charging session's), so an
 * implementation only hands the event over and returns at once; it must never block or throw.
 */
@ConsumerType
public interface SecurityEventListener {

    void reported(SecurityEvent event);
}
