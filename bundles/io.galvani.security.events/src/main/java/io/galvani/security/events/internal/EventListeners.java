package io.galvani.security.events.internal;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventListener;

/**
 * The {@link SecurityEventListener} whiteboard. Events are queued in seq order (under the log's lock, by
 * {@link #enqueue}) and delivered by {@link #deliver} on a reporter's thread once no lock of this bundle is held.
 * One thread delivers at a time, so every listener sees the events in order and never two at once; a reporter that
 * finds another one delivering leaves its event to it and returns: no reporter ever waits for a listener of another
 * thread's event. A listener that throws is logged and skipped; the others are still told.
 */
final class EventListeners {
    private static final Logger logger = LoggerFactory.getLogger(EventListeners.class);

    private final List<SecurityEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<SecurityEvent> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();

    void add(SecurityEventListener listener) {
        listeners.add(listener);
    }

    void remove(SecurityEventListener listener) {
        listeners.remove(listener);
    }

    /** Queues an event record; called under the log's lock, so it must not block. */
    void enqueue(LogRecord record) {
        if (record.isEvent() && !listeners.isEmpty()) {
            queue.add(RecentEvents.event(record));
        }
    }

    /** Delivers what is queued, unless another thread is doing so (it will deliver this thread's events too). */
    void deliver() {
        while (!queue.isEmpty() && delivering.tryLock()) {
            try {
                SecurityEvent event;
                while ((event = queue.poll()) != null) {
                    tell(event);
                }
            } finally {
                delivering.unlock();
            }
            // An event queued after the poll above and before unlock found the lock taken: loop to deliver it.
        }
    }

    private void tell(SecurityEvent event) {
        for (SecurityEventListener listener : listeners) {
            try {
                listener.reported(event);
            } catch (RuntimeException e) {
                logger.warn("SecurityEventListener {} failed on {}: {}", listener.getClass().getName(), event.type(),
                        e.toString());
            }
        }
    }
}
