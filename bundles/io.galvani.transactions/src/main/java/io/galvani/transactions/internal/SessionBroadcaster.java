package io.galvani.transactions.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.transactions.api.SessionListener;
import io.galvani.transactions.api.SessionView;

/**
 * Hands session views to the {@link SessionListener}s on a thread of its own, so a slow listener (a
 * display, telemetry) never holds up the transaction thread. A change of phase, transaction, charging
 * state, message or stoppedReason goes out at once and is never skipped; a change of figures only
 * (energy, power, elapsed time) at most once a second per EVSE, the latest winning. Internal service of
 * this bundle.
 */
@Component(service = SessionBroadcaster.class)
public final class SessionBroadcaster {
    static final long FIGURES_PERIOD_MS = 1000;
    private static final Logger logger = LoggerFactory.getLogger(SessionBroadcaster.class);

    private final Map<Integer, SessionView> current = new ConcurrentSkipListMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService notifier;

    // Guarded by this: what was last queued for the listeners (not what they have seen yet, so that the
    // decision "significant or not" never compares with a view still waiting on the notifier thread).
    private final Map<Integer, SessionView> queued = new TreeMap<>();
    private final Map<Integer, Long> queuedAtMs = new HashMap<>();
    private final Set<Integer> flushPending = new HashSet<>();

    public SessionBroadcaster() {
        this(System::nanoTime, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "galvani-session-notify");
            t.setDaemon(true);
            return t;
        }));
    }

    /** For tests: a monotonic clock in nanoseconds and the notification thread. */
    SessionBroadcaster(LongSupplier nanoTime, ScheduledExecutorService notifier) {
        this.nanoTime = nanoTime;
        this.notifier = notifier;
    }

    @Deactivate
    void deactivate() {
        notifier.shutdownNow();
        try {
            notifier.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addListener(SessionListener listener) {
        // Joins on the notifier thread with what the others were told last: each view exactly once, in order.
        List<SessionView> told = new ArrayList<>(queued.values());
        run(() -> {
            listeners.add(listener);
            told.forEach(v -> tell(listener, v));
        });
    }

    void removeListener(SessionListener listener) {
        listeners.remove(listener);
        run(() -> listeners.remove(listener)); // in case its addition is still queued
    }

    /** The latest view of every EVSE, ordered by EVSE id. */
    List<SessionView> current() {
        return new ArrayList<>(current.values());
    }

    /** Records {@code view} and tells the listeners when due. Any thread. */
    synchronized void publish(SessionView view) {
        int evse = view.evseId();
        SessionView before = current.put(evse, view);
        if (view.equals(before)) {
            return;
        }
        SessionView last = queued.get(evse);
        long now = nowMs();
        long sinceLast = now - queuedAtMs.getOrDefault(evse, now);
        if (last == null || significant(last, view) || sinceLast >= FIGURES_PERIOD_MS) {
            queue(view, now);
        } else if (flushPending.add(evse)) {
            schedule(evse, FIGURES_PERIOD_MS - sinceLast);
        }
    }

    /** Queues exactly {@code view} for every listener: a short-lived phase (a refused card) is not skipped. */
    private void queue(SessionView view, long now) {
        queued.put(view.evseId(), view);
        queuedAtMs.put(view.evseId(), now);
        run(() -> listeners.forEach(l -> tell(l, view)));
    }

    /** Sends the latest figures of {@code evse}, but not sooner than a period after the last view sent. */
    private synchronized void flush(int evse) {
        flushPending.remove(evse);
        SessionView view = current.get(evse);
        if (view == null || view.equals(queued.get(evse))) {
            return;
        }
        long now = nowMs();
        long sinceLast = now - queuedAtMs.getOrDefault(evse, now - FIGURES_PERIOD_MS);
        if (sinceLast >= FIGURES_PERIOD_MS) {
            queue(view, now);
        } else if (flushPending.add(evse)) {
            schedule(evse, FIGURES_PERIOD_MS - sinceLast);
        }
    }

    private void schedule(int evse, long delayMs) {
        try {
            notifier.schedule(() -> flush(evse), Math.max(1, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException deactivated) {
            flushPending.remove(evse);
        }
    }

    private void run(Runnable task) {
        try {
            notifier.execute(task);
        } catch (RejectedExecutionException deactivated) {
            // nobody to tell any more
        }
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong());
    }

    private static boolean significant(SessionView a, SessionView b) {
        return a.phase() != b.phase() || !Objects.equals(a.transactionId(), b.transactionId())
                || !Objects.equals(a.chargingState(), b.chargingState()) || !Objects.equals(a.message(), b.message())
                || !Objects.equals(a.stoppedReason(), b.stoppedReason());
    }

    private static void tell(SessionListener listener, SessionView view) {
        try {
            listener.sessionChanged(view);
        } catch (RuntimeException e) {
            logger.warn("Session listener {} failed", listener.getClass().getName(), e);
        }
    }
}
