package io.galvani.supervisor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Finds threads that a stopped bundle left behind. Java does not record which bundle created a thread, so two
 * signs are used, both checked a grace period after the bundle stopped:
 * <ul>
 * <li>the thread was created while the bundle was starting (between STARTING and STARTED, when its immediate
 * components activate) and runs no code of another bundle; and</li>
 * <li>the thread runs a class of the bundle (a frame of its stack is a class the bundle contains), which is never
 * right for a stopped bundle.</li>
 * </ul>
 * Threads created later (lazily, by a delayed component) and idle in a JDK executor are not seen at run time; the
 * in-framework test (stop/start of every bundle) covers those.
 */
final class ThreadLeakDetector implements SynchronousBundleListener {

    /** Threads a stopped bundle left behind; {@code runningItsCode} are safe to interrupt. */
    record Leak(Bundle bundle, List<Thread> threads, List<Thread> runningItsCode) {
    }

    private record Stopped(Bundle bundle, Instant at, Set<Long> createdAtStart) {
    }

    private final long ownBundleId;
    private final Map<Long, Set<Long>> beforeStart = new HashMap<>();
    private final Map<Long, Set<Long>> createdAtStart = new HashMap<>();
    private final Map<Long, Stopped> stopped = new HashMap<>();

    ThreadLeakDetector(long ownBundleId) {
        this.ownBundleId = ownBundleId;
    }

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        long id = event.getBundle().getBundleId();
        if (id == 0 || id == ownBundleId) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.STARTING -> beforeStart.put(id, liveThreadIds());
            case BundleEvent.STARTED -> {
                Set<Long> before = beforeStart.remove(id);
                if (before != null) {
                    Set<Long> created = liveThreadIds();
                    created.removeAll(before);
                    createdAtStart.put(id, created);
                }
            }
            case BundleEvent.STOPPED -> {
                Set<Long> created = createdAtStart.remove(id);
                stopped.put(id, new Stopped(event.getBundle(), Instant.now(), created == null ? Set.of() : created));
            }
            case BundleEvent.UNINSTALLED -> createdAtStart.remove(id);
            default -> {
            }
        }
    }

    /** The leaks of bundles stopped at least {@code grace} ago; each stop is checked once. */
    synchronized List<Leak> check(Map<Thread, StackTraceElement[]> stacks, Instant now, Duration grace) {
        List<Leak> leaks = new ArrayList<>();
        for (Iterator<Stopped> it = stopped.values().iterator(); it.hasNext();) {
            Stopped s = it.next();
            if (Duration.between(s.at(), now).compareTo(grace) < 0) {
                continue;
            }
            it.remove();
            // A bundle started again (an update) runs its new code: only the old start's threads count then.
            boolean runningAgain = (s.bundle().getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
            List<Thread> left = new ArrayList<>();
            List<Thread> runningItsCode = new ArrayList<>();
            Map<String, Boolean> ownClass = new HashMap<>();
            stacks.forEach((thread, stack) -> {
                if (thread == Thread.currentThread() || !thread.isAlive() || shared(thread)) {
                    return;
                }
                boolean own = !runningAgain && runsCodeOf(s.bundle(), stack, ownClass);
                boolean createdByIt = s.createdAtStart().contains(thread.getId()) && !runsForeignCode(s.bundle(), stack, ownClass);
                if (own || createdByIt) {
                    left.add(thread);
                    if (own) {
                        runningItsCode.add(thread);
                    }
                }
            });
            if (!left.isEmpty()) {
                leaks.add(new Leak(s.bundle(), left, runningItsCode));
            }
        }
        return leaks;
    }

    /** Threads of shared pools (the JVM's, org.osgi.util.promise's default executor): nobody's leftovers. */
    private static boolean shared(Thread thread) {
        return thread.getName().startsWith("ForkJoinPool.commonPool") || thread.getName().startsWith("PromiseFactory,");
    }

    private static boolean runsCodeOf(Bundle bundle, StackTraceElement[] stack, Map<String, Boolean> ownClass) {
        for (StackTraceElement frame : stack) {
            if (!jdk(frame.getClassName()) && contains(bundle, frame.getClassName(), ownClass)) {
                return true;
            }
        }
        return false;
    }

    private static boolean runsForeignCode(Bundle bundle, StackTraceElement[] stack, Map<String, Boolean> ownClass) {
        for (StackTraceElement frame : stack) {
            if (!jdk(frame.getClassName()) && !contains(bundle, frame.getClassName(), ownClass)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Bundle bundle, String className, Map<String, Boolean> cache) {
        return cache.computeIfAbsent(className, c -> {
            int nested = c.indexOf('$');
            String outer = nested < 0 ? c : c.substring(0, nested);
            try {
                return bundle.getEntry(outer.replace('.', '/') + ".class") != null;
            } catch (IllegalStateException uninstalled) {
                return false;
            }
        });
    }

    private static boolean jdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("javax.") || className.startsWith("com.sun.");
    }

    /** Ids of all live threads, cheaply (no stack traces). */
    static Set<Long> liveThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : liveThreads()) {
            ids.add(t.getId());
        }
        return ids;
    }

    static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return java.util.Arrays.copyOf(threads, n);
    }
}
