package io.galvani.firmware.internal;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationRequest;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;

/**
 * Sends FirmwareStatusNotifications so that none is lost: committed to the {@link Outbox} when one runs (on disk
 * before this returns, delivered after link drops and restarts), else handed to the {@link OcppLink} (its queue
 * bridges a short drop), else held in memory (at most {@value #HELD}) until one of them comes. Both services are
 * optional: the installer may be swapping either while an update runs.
 */
final class StatusSender {
    private static final Logger LOG = LoggerFactory.getLogger(StatusSender.class);
    static final int HELD = 100;

    private volatile Outbox outbox;
    private volatile OcppLink link;
    private final Deque<FirmwareStatusNotificationRequest> held = new ArrayDeque<>(); // guarded by this
    /** Told every status sent, whether it reaches the CSMS now or later. */
    final StatusListeners listeners = new StatusListeners();

    void send(FirmwareStatusNotificationRequest n) {
        listeners.changed(new FirmwareUpdateStatus(n.requestId(), n.status().value()));
        synchronized (this) {
            if (!held.isEmpty() || !deliver(n)) {
                hold(n);
                flush();
            }
        }
    }

    /** A TriggerMessage answer: straight to the link (not held by the session gate), never queued. */
    void sendTriggered(FirmwareStatusNotificationRequest n) {
        OcppLink l = link;
        if (l == null) {
            LOG.info("TriggerMessage(FirmwareStatusNotification): no OCPP link to answer on");
            return;
        }
        l.callTriggered(n).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("Triggered FirmwareStatusNotification {} not delivered: {}", n.status().value(), e.toString());
            }
        });
    }

    void outbox(Outbox o) {
        outbox = o;
        synchronized (this) {
            flush();
        }
    }

    void link(OcppLink l) {
        link = l;
        synchronized (this) {
            flush();
        }
    }

    /** Unbinds {@code l} if it is the current link (a greedy rebind may have replaced it already). */
    void unlink(OcppLink l) {
        if (link == l) {
            link = null;
        }
    }

    void unsetOutbox(Outbox o) {
        if (outbox == o) {
            outbox = null;
        }
    }

    synchronized int heldCount() {
        return held.size();
    }

    private void flush() {
        while (!held.isEmpty() && deliver(held.peek())) {
            held.poll();
        }
    }

    private void hold(FirmwareStatusNotificationRequest n) {
        if (held.size() >= HELD) {
            FirmwareStatusNotificationRequest dropped = held.poll();
            LOG.warn("FirmwareStatusNotification {} #{} dropped: {} wait for an outbox or OCPP link already",
                    dropped.status().value(), dropped.requestId(), HELD);
        }
        held.add(n);
    }

    private boolean deliver(FirmwareStatusNotificationRequest n) {
        Outbox o = outbox;
        if (o != null) {
            try {
                o.commit(OutboxCommit.of(n, MessageKind.OTHER));
                return true;
            } catch (RuntimeException e) {
                LOG.warn("Outbox refused FirmwareStatusNotification {} #{} ({}), sending it directly",
                        n.status().value(), n.requestId(), e.toString());
            }
        }
        OcppLink l = link;
        if (l == null) {
            return false;
        }
        l.call(n).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("FirmwareStatusNotification {} #{} not delivered: {}", n.status().value(), n.requestId(),
                        e.toString());
            }
        });
        return true;
    }
}
