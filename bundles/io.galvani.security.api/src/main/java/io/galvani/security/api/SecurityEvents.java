package io.galvani.security.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Security events (OCPP 2.0.1 A04, Appendix 1), provided by {@code io.galvani.security.events}.
 *
 * <p>Contract: {@link #report} is thread-safe and returns quickly (it appends to the security log and, for a
 * critical event, commits a SecurityEventNotification to the outbox; it never waits for the CSMS). It never throws:
 * a log or queue that cannot be written is the security bundle's problem, reported in its own log. The event is
 * kept in the security log whether or not it is critical (A04.FR.04); a critical one is also sent to the CSMS,
 * queued until the CSMS answered it, across connection losses and restarts (A04.FR.01/02).
 */
@ProviderType
public interface SecurityEvents {

    /**
     * Reports an event.
     *
     * @param type     an Appendix 1 name from {@link SecurityEventType} where one fits, else a vendor name of at
     *                 most 50 characters
     * @param techInfo what happened in technical terms, at most 255 characters (longer text is cut); may be
     *                 {@code null}. Never a secret: no password, no key, no full idToken.
     */
    void report(String type, String techInfo);

    /**
     * The newest events of the security log, oldest first; at most {@code max}. The default, for implementations
     * without a readable log, is none.
     */
    default List<SecurityEvent> recent(int max) {
        return List.of();
    }
}
