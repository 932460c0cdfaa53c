package io.galvani.security.events.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventType;

/**
 * The newest events of the security log, in memory, so that {@code SecurityEvents.recent} answers without
 * reading megabytes of log: filled from the log once at start (in the background, in the pass that verifies the
 * chain) and with every event appended since. At most {@value #CAPACITY} (about 0.3 MB at worst).
 */
final class RecentEvents {
    static final int CAPACITY = 1000;
    /** How long {@link #newest} waits for the log to be read at start before answering with what it has. */
    private static final long LOAD_WAIT_SECONDS = 10;

    private record Entry(long seq, SecurityEvent event) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final CountDownLatch loaded = new CountDownLatch(1);

    /** An event just written (under the log's lock: in seq order). */
    synchronized void add(LogRecord record) {
        if (record.isEvent()) {
            entries.addLast(new Entry(record.seq(), event(record)));
            trim();
        }
    }

    /**
     * The events read from the log at start, oldest first: those older than what {@link #add} has seen since are
     * put before it (a record both read and added counts once: by seq).
     */
    synchronized void loaded(Collection<LogRecord> fromLog) {
        long firstAdded = entries.isEmpty() ? Long.MAX_VALUE : entries.peekFirst().seq();
        List<Entry> older = new ArrayList<>();
        for (LogRecord r : fromLog) {
            if (r.isEvent() && r.seq() < firstAdded) {
                older.add(new Entry(r.seq(), event(r)));
            }
        }
        for (int i = older.size() - 1; i >= 0; i--) {
            entries.addFirst(older.get(i));
        }
        trim();
        loaded.countDown();
    }

    /** The log could not be read at start: only what is added from now on. */
    void loadFailed() {
        loaded.countDown();
    }

    /** The log was cleared: {@code first} is its first event now. */
    synchronized void cleared(LogRecord first) {
        entries.clear();
        add(first);
    }

    /** At most {@code max} newest events, oldest first. */
    List<SecurityEvent> newest(int max) {
        try {
            loaded.await(LOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            int n = Math.max(0, Math.min(max, entries.size()));
            List<SecurityEvent> out = new ArrayList<>(n);
            Iterator<Entry> it = entries.descendingIterator();
            while (out.size() < n && it.hasNext()) {
                out.add(it.next().event());
            }
            Collections.reverse(out);
            return out;
        }
    }

    private void trim() {
        while (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    static SecurityEvent event(LogRecord r) {
        return new SecurityEvent(r.timestamp(), r.type(), r.techInfo().isEmpty() ? null : r.techInfo(),
                SecurityEventType.isCritical(r.type()));
    }
}
