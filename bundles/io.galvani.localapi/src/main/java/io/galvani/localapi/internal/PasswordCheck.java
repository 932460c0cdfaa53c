package io.galvani.localapi.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.security.api.SecurityEventType;

/**
 * One login attempt (form or HTTP Basic) against the stored hash: refused at once while the address is blocked
 * ({@link LoginThrottle}), else checked (one PBKDF2 derivation at a time, so a login burst cannot take both
 * cores), and reported as MaintenanceLoginAccepted / MaintenanceLoginFailed (the failures bounded per minute).
 * techInfo: {@code address=<remote address> method=form|basic}, never the password.
 */
final class PasswordCheck {
    private static final long WAIT_SECONDS = 5;
    private static final Logger logger = LoggerFactory.getLogger(PasswordCheck.class);

    /** Where the security events go ({@code SecurityEvents.report}, when that service runs). */
    interface Events {
        void report(String type, String techInfo);
    }

    enum Verdict { ACCEPTED, WRONG, BLOCKED, BUSY }

    /** The verdict, and for BLOCKED/BUSY the seconds to announce in {@code Retry-After}. */
    record Outcome(Verdict verdict, long retryAfterSeconds) {
    }

    private final PasswordHash password;
    private final LoginThrottle throttle;
    private final Events events;
    private final Semaphore deriving = new Semaphore(1);

    PasswordCheck(PasswordHash password, LongSupplier nanoTime, Events events) {
        this.password = password;
        this.throttle = new LoginThrottle(nanoTime);
        this.events = events;
    }

    Outcome check(String address, String method, String presented) {
        String who = "address=" + address + " method=" + method;
        long blocked = throttle.blockedSeconds(address);
        if (blocked > 0) {
            reportFailure(who + " refused: blocked for " + blocked + " s after repeated failures");
            return new Outcome(Verdict.BLOCKED, blocked);
        }
        boolean matches;
        try {
            if (!deriving.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                return new Outcome(Verdict.BUSY, 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Verdict.BUSY, 1);
        }
        try {
            matches = password.matches(presented);
        } finally {
            deriving.release();
        }
        if (matches) {
            throttle.succeeded(address);
            logger.info("Maintenance login accepted: {}", who);
            events.report(SecurityEventType.MAINTENANCE_LOGIN_ACCEPTED, who);
            return new Outcome(Verdict.ACCEPTED, 0);
        }
        long nowBlocked = throttle.failed(address);
        reportFailure(nowBlocked > 0 ? who + "; blocked for " + nowBlocked + " s" : who);
        return new Outcome(Verdict.WRONG, 0);
    }

    private void reportFailure(String techInfo) {
        String info = throttle.failureEvent(techInfo);
        if (info != null) {
            logger.warn("Maintenance login failed: {}", info);
            events.report(SecurityEventType.MAINTENANCE_LOGIN_FAILED, info);
        }
    }
}
