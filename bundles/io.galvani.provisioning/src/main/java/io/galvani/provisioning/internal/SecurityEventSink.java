package io.galvani.provisioning.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.security.api.SecurityEvents;

/**
 * Reports security events through the {@link SecurityEvents} service of {@code io.galvani.security.events},
 * which may not be there yet (DS binds it after this component's constructor, and at start-up it may come a
 * little later) or not at all (bundle stopped). An event reported without it is held (at most
 * {@value #MAX_HELD}) and reported as soon as it is bound, in order; if it has not come within
 * {@value #WARN_AFTER_SECONDS} s, each held event is also written as a WARN to the operational log, so it is
 * never only in memory. Thread-safe.
 */
final class SecurityEventSink {
    private static final Logger logger = LoggerFactory.getLogger(SecurityEventSink.class);
    static final int MAX_HELD = 16;
    static final long WARN_AFTER_SECONDS = 10;
    /** A held event reported later than this carries its own time in techInfo. */
    private static final Duration LATE = Duration.ofSeconds(1);

    private static final class Held {
        final String type;
        final String techInfo;
        final Instant at;
        boolean warned;

        Held(String type, String techInfo, Instant at) {
            this.type = type;
            this.techInfo = techInfo;
            this.at = at;
        }
    }

    private final ScheduledExecutorService scheduler;
    private final Supplier<Instant> clock;
    private final List<Held> held = new ArrayList<>();
    private SecurityEvents service;

    SecurityEventSink(ScheduledExecutorService scheduler, Supplier<Instant> clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    synchronized void report(String type, String techInfo) {
        if (service != null) {
            service.report(type, techInfo);
            return;
        }
        if (held.size() >= MAX_HELD) {
            logger.warn("Security event not in the security log (no SecurityEvents service): {} {}", type, techInfo);
            return;
        }
        held.add(new Held(type, techInfo, clock.get()));
        try {
            scheduler.schedule(this::warnHeld, WARN_AFTER_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            warnHeld();
        }
    }

    /** The service came: what was held is reported now, in order. */
    synchronized void bind(SecurityEvents events) {
        service = events;
        Instant now = clock.get();
        for (Held h : held) {
            boolean late = Duration.between(h.at, now).compareTo(LATE) > 0;
            events.report(h.type, late ? h.techInfo + " (at " + h.at + ")" : h.techInfo);
            if (h.warned) {
                logger.info("Security event {} is in the security log now", h.type);
            }
        }
        held.clear();
    }

    synchronized void unbind(SecurityEvents events) {
        if (service == events) {
            service = null;
        }
    }

    /** The component stops: what is still held goes to the operational log. */
    void close() {
        warnHeld();
    }

    private synchronized void warnHeld() {
        for (Held h : held) {
            if (!h.warned) {
                h.warned = true;
                logger.warn("Security event not in the security log yet (no SecurityEvents service; kept until it "
                        + "comes while provisioning runs): {} {} at {}", h.type, h.techInfo, h.at);
            }
        }
    }
}
