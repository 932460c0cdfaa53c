package io.galvani.security.api;

import java.time.Instant;

/**
 * A security event as the security log keeps it.
 *
 * @param at       when it was reported
 * @param type     the Appendix 1 name ({@link SecurityEventType}) or a vendor name
 * @param techInfo the technical detail, or null; never a secret
 * @param critical whether it is critical, i.e. also sent to the CSMS (A04.FR.02)
 */
public record SecurityEvent(Instant at, String type, String techInfo, boolean critical) {
}
