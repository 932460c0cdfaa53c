package io.galvani.ocpp.rpc.internal;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppFrame;
import io.galvani.ocpp.api.OcppFrameListener;

/**
 * Every frame in and out of the live connection, redacted once, to the OCPP message log (logger
 * {@code ocpp.messages}) and to the {@link OcppFrameListener}s, in the order the frames crossed the socket.
 *
 * <p>Redaction costs a scan (and for SetVariables a parse) of the frame, so it only happens while the message log
 * is on or somebody listens. Frames are told one at a time under a lock, because replies to the CSMS's CALLs may be
 * written from a handler's thread while the transport thread sends a CALL: the lock makes the order the listeners
 * see the order of the writes. Listeners run on the writing thread and must only hand the frame over (their
 * contract); one that throws is logged once with its stack trace and otherwise ignored.
 */
final class FrameTap {
    private static final Logger logger = LoggerFactory.getLogger(FrameTap.class);
    /** Every frame in and out; the distribution routes this logger to its own rotating file. */
    private static final Logger messageLog = LoggerFactory.getLogger("ocpp.messages");

    private final Clock clock;
    private final List<OcppFrameListener> listeners = new CopyOnWriteArrayList<>();
    /** Listeners that threw already: logged once, not for every frame. */
    private final Set<OcppFrameListener> failed = ConcurrentHashMap.newKeySet();

    FrameTap(Clock clock) {
        this.clock = clock;
    }

    void add(OcppFrameListener listener) {
        listeners.add(listener);
    }

    void remove(OcppFrameListener listener) {
        listeners.remove(listener);
        failed.remove(listener);
    }

    /** A frame arrived from the CSMS (transport thread). */
    synchronized void received(String text) {
        tell(OcppFrame.Direction.RECEIVED, text);
    }

    /** Tells the frame, then writes it with {@code write}, both under the lock that keeps frames in order. */
    synchronized void send(String text, Runnable write) {
        tell(OcppFrame.Direction.SENT, text);
        write.run();
    }

    private void tell(OcppFrame.Direction direction, String text) {
        boolean log = messageLog.isInfoEnabled();
        if (!log && listeners.isEmpty()) {
            return;
        }
        String redacted = FrameRedaction.redact(text);
        if (log) {
            messageLog.info(direction == OcppFrame.Direction.SENT ? "OUT {}" : "IN  {}", redacted);
        }
        if (listeners.isEmpty()) {
            return;
        }
        OcppFrame frame = new OcppFrame(clock.instant(), direction, redacted);
        for (OcppFrameListener l : listeners) {
            try {
                l.frame(frame);
            } catch (RuntimeException e) {
                if (failed.add(l)) {
                    logger.error("OcppFrameListener {} failed; its further failures are not logged",
                            l.getClass().getName(), e);
                }
            }
        }
    }
}
