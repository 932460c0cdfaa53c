package io.galvani.outbox.internal;

import java.time.Duration;
import java.time.Instant;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxStatus;

/** Operator console (Gogo): {@code outbox:status}. Plain public methods; Gogo prints what they return. */
@Component(service = OutboxCommands.class, property = { "osgi.command.scope=outbox", "osgi.command.function=status" })
public final class OutboxCommands {
    private volatile Outbox outbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setOutbox(Outbox o) {
        this.outbox = o;
    }

    void unsetOutbox(Outbox o) {
        if (outbox == o) {
            outbox = null;
        }
    }

    /** Queue length, capacity, age of the oldest message, what happened since start. */
    public String status() {
        Outbox o = outbox;
        if (o == null) {
            return "Outbox: not running (the store could not be opened? see galvani.log)\n";
        }
        return format(o.status(), Instant.now());
    }

    static String format(OutboxStatus s, Instant now) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Outbox: %d of %d queued%s%n", s.queued(), s.capacity(),
                s.inFlight() ? ", 1 in flight" : ""));
        if (s.oldest() != null) {
            out.append(String.format("  oldest committed %s (%s ago)%n", s.oldest(), age(Duration.between(s.oldest(), now))));
        }
        out.append(String.format("  since start: %d delivered, %d given up or thinned%n", s.delivered(), s.discarded()));
        return out.toString();
    }

    private static String age(Duration d) {
        if (d.isNegative()) {
            return "0 s";
        }
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h";
    }
}
