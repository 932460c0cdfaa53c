package io.galvani.firmware.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;
import io.galvani.station.api.TransactionControl;

/**
 * L01.FR.07: while an installation waits for transactions to end and AllowNewSessionsPendingFirmwareUpdate is
 * false, every EVSE without a transaction is set Unavailable, and every EVSE whose transaction ends is too, until
 * the installation is over. Only EVSEs this gate closed are opened again; one already Unavailable (e.g. by
 * ChangeAvailability) is left alone.
 */
final class EvseGate {
    private static final Logger LOG = LoggerFactory.getLogger(EvseGate.class);

    private final Supplier<Station> station;
    private final Supplier<TransactionControl> transactions;
    private final Set<Integer> closed = new HashSet<>();
    private boolean active;

    EvseGate(Supplier<Station> station, Supplier<TransactionControl> transactions) {
        this.station = station;
        this.transactions = transactions;
    }

    synchronized void close() {
        if (active) {
            return;
        }
        active = true;
        Station s = station.get();
        if (s == null) {
            LOG.warn("No station service: EVSEs cannot be made Unavailable for the pending firmware installation");
            return;
        }
        TransactionControl tx = transactions.get();
        for (EvseView evse : s.evses()) {
            if (tx == null || !tx.active(evse.id())) {
                closeEvse(s, evse.id());
            } else {
                tx.idle(evse.id()).whenComplete((v, e) -> closeWhenStillWaiting(evse.id()));
            }
        }
    }

    synchronized void open() {
        if (!active) {
            return;
        }
        active = false;
        Station s = station.get();
        for (int evseId : closed) {
            if (s != null) {
                s.setUnavailable(evseId, 0, false);
            }
        }
        if (!closed.isEmpty()) {
            LOG.info("EVSEs {} available again after the firmware installation", closed);
        }
        closed.clear();
    }

    synchronized Set<Integer> closedEvses() {
        return Set.copyOf(closed);
    }

    private synchronized void closeWhenStillWaiting(int evseId) {
        Station s = station.get();
        if (active && s != null) {
            closeEvse(s, evseId);
        }
    }

    private void closeEvse(Station s, int evseId) {
        if (closed.contains(evseId)) {
            return;
        }
        boolean alreadyUnavailable = s.evses().stream().filter(e -> e.id() == evseId)
                .flatMap(e -> e.connectors().stream()).allMatch(c -> c.status() == ConnectorStatus.Unavailable);
        if (alreadyUnavailable) {
            return;
        }
        LOG.info("EVSE {} Unavailable until the firmware is installed (L01.FR.07)", evseId);
        s.setUnavailable(evseId, 0, true);
        closed.add(evseId);
    }
}
