package io.galvani.security.events.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.outbox.api.Outbox;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventListener;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.SecurityEvents;

/**
 * The security events of the station: each report is appended to the {@link SecurityLog} on the caller's
 * thread (a critical one forced to disk before {@link #report} returns), then a critical one is handed to the
 * outbox by {@link Handover} on the executor. Also runs the {@link MemoryMonitor} and serves the console.
 *
 * <p>Why the caller's thread: the record must be in the log when {@code report} returns, because the log is
 * what the outbox hand-over recovers from after a crash. One {@code write} costs microseconds; the forced
 * write of a critical event one fsync (about a millisecond on the reference hardware, more on a busy SD
 * card). Critical events are rare (boot, reset, clock, firmware, certificates); the frequent non-critical ones
 * (InvalidMessages under attack) are forced by one deferred sync at most every second instead.
 */
final class SecurityEventsService implements SecurityEvents, SecurityLogConsole {
    private static final Logger logger = LoggerFactory.getLogger(SecurityEventsService.class);
    static final long SYNC_DELAY_MILLIS = 1000;
    private static final long REOPEN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long CONSOLE_TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final Supplier<Instant> clock;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanoTime;
    private final Handover handover;
    private final MemoryMonitor memory;
    private final RecentEvents recent = new RecentEvents();
    private final EventListeners listeners = new EventListeners();
    private final AtomicBoolean syncScheduled = new AtomicBoolean();
    private final Object opening = new Object();
    /** Held while appending a critical event and offering it: the hand-over sees them in seq order. */
    private final Object order = new Object();
    private volatile SecurityLog log;
    private volatile Settings settings;
    private volatile boolean stopped;
    private long lastOpenAttempt;
    private ScheduledFuture<?> memoryCheck;

    SecurityEventsService(Path dir, Supplier<Instant> clock, ScheduledExecutorService executor, LongSupplier nanoTime,
            Settings settings, LongSupplier freeDiskBytes, Supplier<MemoryMonitor.HeapUse> heap) {
        this.dir = dir;
        this.clock = clock;
        this.executor = executor;
        this.nanoTime = nanoTime;
        this.settings = settings;
        this.handover = new Handover(executor, () -> log);
        this.memory = new MemoryMonitor(freeDiskBytes, heap, this::report, settings.memory());
    }

    /** Opens the log (repairing it if needed), verifies it in the background, starts the memory checks. */
    void start() {
        synchronized (opening) {
            lastOpenAttempt = nanoTime.getAsLong();
            try {
                log = observed(SecurityLog.open(dir, clock, settings.limits()));
                logger.info("Security log {}: #{} is the last record, {} x {} KiB at most", dir.resolve(SecurityLog.CURRENT),
                        log.lastSeq(), settings.limits().maxFiles(), settings.limits().maxFileBytes() / 1024);
            } catch (IOException | RuntimeException e) {
                logger.error("Security log {} cannot be opened ({}); critical events still go to the CSMS, the log is "
                        + "tried again with the next event", dir, e.toString());
            }
        }
        execute(this::verifyAtStart);
        scheduleMemoryCheck();
    }

    /** Every event appended to {@code l} goes to the recent events and the listeners' queue, in seq order. */
    private SecurityLog observed(SecurityLog l) {
        l.onAppend(record -> {
            recent.add(record);
            listeners.enqueue(record);
        });
        return l;
    }

    void listenerAdded(SecurityEventListener listener) {
        listeners.add(listener);
    }

    void listenerRemoved(SecurityEventListener listener) {
        listeners.remove(listener);
    }

    /**
     * The newest events, oldest first, from memory: the log is read once at start (so they survive a restart; a
     * torn last line is not a record and is left out), and every event written since is added.
     */
    @Override
    public List<SecurityEvent> recent(int max) {
        return recent.newest(Math.min(max, RecentEvents.CAPACITY));
    }

    void reconfigure(Settings newSettings) {
        Settings old = settings;
        settings = newSettings;
        SecurityLog l = log;
        if (l != null) {
            l.limits(newSettings.limits());
        }
        memory.settings(newSettings.memory());
        if (old.memoryCheckIntervalSeconds() != newSettings.memoryCheckIntervalSeconds()) {
            execute(this::scheduleMemoryCheck);
        }
    }

    void outboxBound(Outbox outbox) {
        handover.outboxBound(outbox);
    }

    void outboxUnbound(Outbox outbox) {
        handover.outboxUnbound(outbox);
    }

    /**
     * Stops the checks and lets the tasks already queued (hand-overs to the outbox) finish, for at most
     * {@code waitMillis}; then closes the log (forcing it to disk).
     */
    void stop(long waitMillis) {
        stopped = true;
        executor.shutdown();
        recent.loadFailed(); // if the start-up read never ran, recent() must not wait for it
        try {
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                logger.warn("Security events: tasks still running after {} ms", waitMillis);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        SecurityLog l = log;
        if (l != null) {
            l.close();
        }
    }

    @Override
    public void report(String type, String techInfo) {
        try {
            EventText text = EventText.of(type, techInfo);
            if (text.typeChanged()) {
                logger.warn("Security event type '{}' is recorded as '{}' (at most 50 characters, no blanks or "
                        + "control characters, no leading @)", EventText.techInfo(String.valueOf(type)), text.type());
            }
            if (stopped) {
                logger.warn("Security events stopped: {} {} not recorded", text.type(), text.techInfo());
                return;
            }
            if (!SecurityEventType.isCritical(text.type())) {
                if (append(text, false) != null) {
                    syncSoon();
                }
            } else {
                synchronized (order) {
                    LogRecord record = append(text, true);
                    handover.offer(record != null ? Handover.Pending.of(record)
                            : new Handover.Pending(clock.get(), text.type(), text.techInfo(), null));
                }
            }
            // After the log and the outbox hand-over, with no lock held: listeners may take their time.
            listeners.deliver();
        } catch (RuntimeException e) {
            logger.error("Security event {} not recorded", type, e); // a bug: the contract says report never throws
        }
    }

    private LogRecord append(EventText text, boolean durable) {
        SecurityLog l = openLog();
        if (l == null) {
            logger.warn("Security event not in the security log (it cannot be opened): {} {}", text.type(),
                    text.techInfo());
            return null;
        }
        try {
            return l.append(text.type(), text.techInfo(), durable);
        } catch (IOException e) {
            logger.warn("Security event not in the security log ({}): {} {}", e.getMessage(), text.type(),
                    text.techInfo());
            return null;
        }
    }

    /** The log, opened again (at most once a minute) if it could not be at start. */
    private SecurityLog openLog() {
        SecurityLog l = log;
        if (l != null) {
            return l;
        }
        synchronized (opening) {
            if (log == null && nanoTime.getAsLong() - lastOpenAttempt >= REOPEN_INTERVAL_NANOS) {
                lastOpenAttempt = nanoTime.getAsLong();
                try {
                    log = observed(SecurityLog.open(dir, clock, settings.limits()));
                    logger.info("Security log {} opened", dir);
                    handover.logOpened();
                } catch (IOException | RuntimeException e) {
                    logger.debug("Security log still cannot be opened: {}", e.toString());
                }
            }
            return log;
        }
    }

    /** Non-critical records reach the device within {@value #SYNC_DELAY_MILLIS} ms, with one fsync for all. */
    private void syncSoon() {
        if (syncScheduled.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> {
                    syncScheduled.set(false);
                    SecurityLog l = log;
                    if (l != null) {
                        try {
                            l.sync();
                        } catch (IOException e) {
                            logger.warn("Security log not forced to disk: {}", e.toString());
                        }
                    }
                }, SYNC_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                syncScheduled.set(false); // stopping: close() forces the file
            }
        }
    }

    private synchronized void scheduleMemoryCheck() {
        if (memoryCheck != null) {
            memoryCheck.cancel(false);
            memoryCheck = null;
        }
        int seconds = settings.memoryCheckIntervalSeconds();
        if (seconds > 0 && !stopped) {
            try {
                memoryCheck = executor.scheduleWithFixedDelay(memory::check, seconds, seconds, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                logger.debug("Stopped; no memory checks");
            }
        }
    }

    private void verifyAtStart() {
        SecurityLog l = log;
        if (l == null) {
            recent.loadFailed();
            return;
        }
        // One pass for both: the chain verified, the newest events kept for recent().
        ChainVerifier verifier = new ChainVerifier();
        Deque<LogRecord> newest = new ArrayDeque<>();
        try (Snapshot snapshot = l.snapshot()) {
            snapshot.read(new LogReader() {
                @Override
                public void beginFile(String name) {
                    verifier.beginFile(name);
                }

                @Override
                public void line(String text, boolean terminated) {
                    verifier.line(text, terminated);
                    LogRecord r = terminated ? LogRecord.parse(text) : null;
                    if (r != null && r.isEvent()) {
                        if (newest.size() == RecentEvents.CAPACITY) {
                            newest.removeFirst();
                        }
                        newest.addLast(r);
                    }
                }
            });
        } catch (IOException e) {
            logger.warn("Security log not verified: {}", e.toString());
            recent.loadFailed();
            return;
        }
        recent.loaded(newest);
        ChainVerifier.Report report = verifier.report();
        if (report.intact()) {
            logger.info("Security log chain intact: {} records, #{}..#{}", report.records(), report.firstSeq(),
                    report.lastSeq());
        } else {
            logger.warn("Security log chain BROKEN at {}: the log was changed outside Galvani (see security:verify)",
                    report.broken());
        }
    }

    private static ChainVerifier.Report verify(SecurityLog l) {
        ChainVerifier verifier = new ChainVerifier();
        try (Snapshot snapshot = l.snapshot()) {
            snapshot.read(verifier);
        } catch (IOException e) {
            logger.warn("Security log not verified: {}", e.toString());
            return null;
        }
        return verifier.report();
    }

    // ---- console ----

    @Override
    public String verify() {
        SecurityLog l = log;
        if (l == null) {
            return "The security log is not open (see galvani.log)\n";
        }
        ChainVerifier.Report report = verify(l);
        return report == null ? "The security log could not be read (see galvani.log)\n" : report.toString();
    }

    @Override
    public String lastEvents(int n) {
        SecurityLog l = log;
        if (l == null) {
            return "The security log is not open (see galvani.log)\n";
        }
        int count = Math.max(1, Math.min(n, 1000));
        return onExecutor(() -> {
            Deque<LogRecord> last = new ArrayDeque<>();
            try (Snapshot snapshot = l.snapshot()) {
                snapshot.read(new LogReader() {
                    @Override
                    public void beginFile(String name) {
                    }

                    @Override
                    public void line(String text, boolean terminated) {
                        LogRecord r = terminated ? LogRecord.parse(text) : null;
                        if (r != null && !LogRecord.FILE.equals(r.type()) && !LogRecord.OUTBOX.equals(r.type())) {
                            if (last.size() == count) {
                                last.removeFirst();
                            }
                            last.addLast(r);
                        }
                    }
                });
            }
            Set<Long> waiting = new HashSet<>(handover.waitingSeqs());
            boolean known = handover.backlogKnown();
            StringBuilder out = new StringBuilder();
            for (LogRecord r : last) {
                out.append(String.format("#%d %s %s %s", r.seq(), LogRecord.formatTime(r.timestamp()), r.type(),
                        r.techInfo()));
                if (r.isEvent() && SecurityEventType.isCritical(r.type())) {
                    out.append(waiting.contains(r.seq()) ? "  [critical, waiting for the outbox]"
                            : known ? "  [critical, in the outbox]" : "  [critical]");
                }
                out.append(System.lineSeparator());
            }
            return out.length() == 0 ? "The security log has no events\n" : out.toString();
        });
    }

    @Override
    public String clear(String who) {
        SecurityLog l = log;
        if (l == null) {
            return "The security log is not open (see galvani.log)\n";
        }
        return onExecutor(() -> {
            handover.pump();
            if (!handover.allHandedOver()) {
                return "Refused: " + handover.waiting() + " critical events are not in the outbox yet (is it running?); "
                        + "clearing would lose them\n";
            }
            LogRecord cleared;
            synchronized (order) {
                cleared = l.clear("cleared at the console by " + who);
                handover.offer(Handover.Pending.of(cleared));
                recent.cleared(cleared);
                listeners.enqueue(cleared);
            }
            listeners.deliver();
            logger.warn("Security log cleared at the console by {}", who);
            return "Security log cleared; it starts with #" + cleared.seq() + " SecurityLogWasCleared\n";
        });
    }

    /** Runs console work on the executor (where the hand-over state lives) and waits for it. */
    private String onExecutor(Callable<String> work) {
        try {
            Future<String> result = executor.submit(work);
            return result.get(CONSOLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            return "Security events are stopping\n";
        } catch (ExecutionException e) {
            return "Failed: " + e.getCause() + "\n";
        } catch (TimeoutException e) {
            return "No answer within " + CONSOLE_TIMEOUT_SECONDS + " s\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted\n";
        }
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Stopped; task dropped");
        }
    }
}
