package io.galvani.firmware.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.api.FirmwareStatusListener;
import io.galvani.firmware.api.FirmwareUpdateStatus;

/**
 * The {@link FirmwareStatusListener} whiteboard: tells each listener the current status when it comes, then every
 * status sent to the CSMS, in order (one lock for both, so a listener arriving during a change misses nothing and
 * sees nothing twice out of order). A listener that throws is logged and skipped.
 */
final class StatusListeners {
    private static final Logger LOG = LoggerFactory.getLogger(StatusListeners.class);

    private final List<FirmwareStatusListener> listeners = new CopyOnWriteArrayList<>();
    private FirmwareUpdateStatus current = FirmwareUpdateStatus.IDLE; // guarded by this

    synchronized void add(FirmwareStatusListener listener) {
        listeners.add(listener);
        tell(listener, current);
    }

    void remove(FirmwareStatusListener listener) {
        listeners.remove(listener);
    }

    /** A status was sent (or, after a restart, was the last one sent for the update that resumes). */
    synchronized void changed(FirmwareUpdateStatus status) {
        if (status.equals(current)) {
            return;
        }
        current = status;
        listeners.forEach(l -> tell(l, status));
    }

    synchronized FirmwareUpdateStatus current() {
        return current;
    }

    private static void tell(FirmwareStatusListener listener, FirmwareUpdateStatus status) {
        try {
            listener.firmwareStatusChanged(status);
        } catch (RuntimeException e) {
            LOG.warn("Firmware status listener {} failed on {}: {}", listener.getClass().getName(), status.status(),
                    e.toString());
        }
    }
}
