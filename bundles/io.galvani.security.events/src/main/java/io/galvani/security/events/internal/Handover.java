package io.galvani.security.events.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.messages.SecurityEventNotificationRequest;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.security.api.SecurityEventType;

/**
 * Hands critical events to the outbox as SecurityEventNotification (A04.FR.01/02), in the order they were
 * logged, exactly once.
 *
 * <p>The security log is the source of truth. Each commit to the outbox carries, in the same transaction, the
 * seq and hash of the last record it covers (outbox state {@value #NAMESPACE}: {@value #SEQ}, {@value #HASH}).
 * So after any crash or restart, and whenever an outbox (re)appears, the records not yet handed over are
 * exactly the critical events after that cursor: they are read from the log again and committed in order.
 * While no outbox is registered, or while it refuses commits, events simply wait in the log; memory holds at
 * most {@value #LIMIT} of them (a longer backlog is read and committed in chunks).
 *
 * <p>After each commit an {@value LogRecord#OUTBOX} record ({@code events=3 upTo=57}) is appended to the log
 * as well. It is the fallback when the outbox has no usable cursor:
 *
 * <ul>
 * <li>No cursor in the outbox (a new or replaced outbox database): the critical events after the last
 * {@value LogRecord#OUTBOX} record are committed; all of them if there is none (nothing was ever handed over,
 * or it was rotated away together with the events it covered). A crash between a commit and its record can
 * only make an event be sent twice, never lost.</li>
 * <li>A cursor that does not match the log (its seq beyond the log's end, or another hash at its seq: the log
 * was deleted and started anew): the same, with a WARN.</li>
 * <li>An event the log could not take (disk full) is still committed, without cursor, from memory (at most
 * {@value #LIMIT} wait so; more are dropped with a WARN).</li>
 * <li>Commit refused (outbox full, store failing): retried every {@value #RETRY_SECONDS} s and when the next
 * event or outbox comes.</li>
 * </ul>
 *
 * <p>All state is confined to the executor; {@link #offer} and the outbox binding may be called from any
 * thread.
 */
final class Handover {
    private static final Logger logger = LoggerFactory.getLogger(Handover.class);

    static final String NAMESPACE = "io.galvani.security.events";
    static final String SEQ = "handedOverSeq";
    static final String HASH = "handedOverHash";
    static final int RETRY_SECONDS = 30;
    /** Most notifications per outbox commit (one fsync for a backlog, yet bounded transactions). */
    static final int BATCH = 100;
    /** Most critical events held in memory. */
    static final int LIMIT = 1000;

    /** A critical event waiting for the outbox; {@code record} null if the log could not take it. */
    record Pending(Instant timestamp, String type, String techInfo, LogRecord record) {
        static Pending of(LogRecord record) {
            return new Pending(record.timestamp(), record.type(), record.techInfo(), record);
        }

        SecurityEventNotificationRequest request() {
            return new SecurityEventNotificationRequest(null, type, timestamp, techInfo.isEmpty() ? null : techInfo);
        }
    }

    private final ScheduledExecutorService executor;
    private final Supplier<SecurityLog> log;
    private final int limit;
    private volatile Outbox outbox;

    // confined to the executor
    /** Logged critical events after the outbox's cursor, in seq order; while {@link #complete}, all of them. */
    private final Deque<Pending> queue = new ArrayDeque<>();
    /** Events the log could not take, in report order. */
    private final Deque<Pending> unlogged = new ArrayDeque<>();
    /** The queue holds every logged critical event not yet handed over; else the log must be read (again). */
    private boolean complete;
    /** Highest seq taken into account (read from the log, or offered): an offer up to it is in the queue already. */
    private long seen;
    private ScheduledFuture<?> retry;
    private boolean failing;
    /** A batch was refused as invalid: commit one by one to find the event at fault. */
    private boolean singly;
    private long committed;

    /** @param log the security log, or null while it cannot be opened */
    Handover(ScheduledExecutorService executor, Supplier<SecurityLog> log) {
        this(executor, log, LIMIT);
    }

    /** For tests: {@code limit} instead of {@value #LIMIT}. */
    Handover(ScheduledExecutorService executor, Supplier<SecurityLog> log, int limit) {
        this.executor = executor;
        this.log = log;
        this.limit = limit;
    }

    /**
     * A critical event was logged ({@code record}) or could not be ({@code record} null). Logged events must be
     * offered in seq order (the caller appends and offers under one lock).
     */
    void offer(Pending event) {
        run(() -> {
            if (event.record() == null) {
                if (unlogged.size() < limit) {
                    unlogged.add(event);
                } else {
                    logger.warn("Security event {} neither logged nor queued: {} others wait already", event.type(),
                            limit);
                }
            } else if (complete && event.record().seq() > seen) {
                seen = event.record().seq();
                if (queue.size() < limit) {
                    queue.add(event);
                } else {
                    complete = false; // it is in the log: read from there once the queue has drained
                }
            }
            pump();
        });
    }

    void outboxBound(Outbox o) {
        outbox = o;
        run(() -> {
            complete = false; // read the log against this outbox's cursor
            pump();
        });
    }

    void outboxUnbound(Outbox o) {
        if (outbox == o) {
            outbox = null;
            run(() -> {
                if (outbox == null) {
                    // The events are in the log; the next outbox's cursor decides what it still needs.
                    queue.clear();
                    complete = false;
                }
            });
        }
    }

    /** The log could be opened only now: read it against the outbox's cursor. */
    void logOpened() {
        run(() -> {
            complete = false;
            pump();
        });
    }

    /** Whether every critical event is committed to an outbox (false while none is registered). Executor only. */
    boolean allHandedOver() {
        return outbox != null && complete && queue.isEmpty() && unlogged.isEmpty();
    }

    /** Whether it is known which logged critical events wait ({@link #waitingSeqs}). Executor only. */
    boolean backlogKnown() {
        return complete;
    }

    /** Seqs of the logged critical events known to wait for the outbox. Executor only. */
    List<Long> waitingSeqs() {
        return queue.stream().map(p -> p.record().seq()).toList();
    }

    /** Critical events known to wait for the outbox. Executor only. */
    int waiting() {
        return queue.size() + unlogged.size();
    }

    /** SecurityEventNotifications committed since start. Executor only. */
    long committed() {
        return committed;
    }

    /** Commits what waits, in order, as long as an outbox takes it. Executor only. */
    void pump() {
        Outbox o = outbox;
        if (o == null) {
            return;
        }
        try {
            while (outbox == o) {
                if (!unlogged.isEmpty()) {
                    commitBatch(o, unlogged);
                } else if (!queue.isEmpty()) {
                    commitBatch(o, queue);
                } else if (!complete) {
                    readBacklog(o);
                } else {
                    break;
                }
            }
            if (failing) {
                failing = false;
                logger.info("Security event notifications are queued in the outbox again");
            }
            cancelRetry();
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                logger.warn("Security event notifications not queued yet ({} waiting): {}; retrying every {} s",
                        waiting(), e.toString(), RETRY_SECONDS);
            }
            scheduleRetry();
        }
    }

    private void commitBatch(Outbox o, Deque<Pending> from) {
        int size = Math.min(from.size(), singly ? 1 : BATCH);
        OutboxCommit.Builder commit = OutboxCommit.builder();
        LogRecord last = null;
        int i = 0;
        for (Pending p : from) {
            if (i++ == size) {
                break;
            }
            commit.message(p.request(), MessageKind.OTHER);
            if (p.record() != null) {
                last = p.record();
            }
        }
        if (last != null) {
            cursor(commit, last);
        }
        try {
            o.commit(commit.build());
        } catch (IllegalArgumentException e) {
            // Cannot happen within EventText's limits; but one bad event must never block the others.
            if (size > 1) {
                singly = true;
                return;
            }
            Pending bad = from.poll();
            logger.error("Security event {} at {} cannot be sent ({}); it stays in the security log only",
                    bad.type(), bad.timestamp(), e.getMessage());
            if (bad.record() != null) {
                o.commit(cursor(OutboxCommit.builder(), bad.record()).build());
                mark(0, bad.record());
            }
            return;
        }
        for (int n = 0; n < size; n++) {
            from.poll();
        }
        committed += size;
        if (from.isEmpty()) {
            singly = false;
        }
        if (last != null) {
            mark(size, last);
        }
    }

    /** The {@value LogRecord#OUTBOX} record after a commit; if it cannot be written, only a resend may follow. */
    private void mark(int events, LogRecord last) {
        SecurityLog securityLog = log.get();
        if (securityLog != null) {
            try {
                securityLog.append(LogRecord.OUTBOX, LogRecord.outboxTechInfo(events, last.seq()), false);
            } catch (IOException e) {
                logger.debug("Hand-over not recorded in the security log: {}", e.toString());
            }
        }
    }

    private static OutboxCommit.Builder cursor(OutboxCommit.Builder commit, LogRecord last) {
        return commit.put(NAMESPACE, SEQ, Long.toString(last.seq())).put(NAMESPACE, HASH, last.hash());
    }

    /**
     * Fills the queue with the critical events after the outbox's cursor, read from the log: the first
     * {@value #LIMIT} of them; if there are more, the rest is read once these are committed. Two passes over the
     * same snapshot: where to start is known only once the whole log was seen.
     */
    private void readBacklog(Outbox o) {
        queue.clear();
        SecurityLog securityLog = log.get();
        if (securityLog == null) {
            complete = true; // no log to read: once it opens it is read (logOpened)
            return;
        }
        Map<String, String> state = o.state(NAMESPACE);
        long cursor = parse(state.get(SEQ));
        String cursorHash = state.get(HASH);
        try (Snapshot snapshot = securityLog.snapshot()) {
            Start start = new Start(cursor, cursorHash);
            snapshot.read(start);
            long from;
            if (cursor < 0) {
                from = start.marked + 1;
                logger.info("The outbox has no record of security events handed over; by the security log: those "
                        + "after #{}", start.marked);
            } else if (start.contradicted || cursor > snapshot.lastSeq()) {
                from = start.marked + 1;
                logger.warn("The outbox's security-event cursor #{} is not in this security log (started anew?); "
                        + "by the security log: those after #{}", cursor, start.marked);
            } else {
                from = cursor + 1;
            }
            Collect collect = new Collect(from);
            snapshot.read(collect);
            complete = collect.more == 0;
            seen = snapshot.lastSeq();
        } catch (IOException e) {
            queue.clear();
            throw new UncheckedIOException("reading the security log", e);
        }
        if (!queue.isEmpty()) {
            logger.info("{} critical security events wait for the outbox{}", queue.size(),
                    complete ? "" : " (more follow)");
        }
    }

    /** First pass: does the cursor belong to this log, and up to where does the log say it handed over. */
    private static final class Start implements LogReader {
        final long cursor;
        final String cursorHash;
        boolean contradicted;
        long marked;

        Start(long cursor, String cursorHash) {
            this.cursor = cursor;
            this.cursorHash = cursorHash;
        }

        @Override
        public void beginFile(String name) {
        }

        @Override
        public void line(String text, boolean terminated) {
            LogRecord r = terminated ? LogRecord.parse(text) : null;
            if (r == null) {
                return;
            }
            if (r.seq() == cursor && cursorHash != null && !cursorHash.equals(r.hash())) {
                contradicted = true;
            }
            marked = Math.max(marked, r.outboxUpTo());
        }
    }

    /** Second pass: the critical events from {@code from} on, at most {@value #LIMIT} into the queue. */
    private final class Collect implements LogReader {
        final long from;
        int more;

        Collect(long from) {
            this.from = from;
        }

        @Override
        public void beginFile(String name) {
        }

        @Override
        public void line(String text, boolean terminated) {
            LogRecord r = terminated ? LogRecord.parse(text) : null;
            if (r == null || r.seq() < from || !r.isEvent() || !SecurityEventType.isCritical(r.type())) {
                return;
            }
            if (queue.size() < limit) {
                queue.add(Pending.of(r));
            } else {
                more++;
            }
        }
    }

    private static long parse(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void scheduleRetry() {
        if (retry == null) {
            try {
                retry = executor.schedule(() -> {
                    retry = null;
                    pump();
                }, RETRY_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                logger.debug("Stopped; no retry");
            }
        }
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Security events stopped: the critical event waits in the security log for the next start");
        }
    }
}
