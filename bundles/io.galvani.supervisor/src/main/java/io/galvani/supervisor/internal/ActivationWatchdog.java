package io.galvani.supervisor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds component activations that hang. Felix SCR runs a component's constructor and activate method on the
 * thread that made it active (the framework's start-level thread for a bundle started at boot, SCR's actor thread
 * after enableComponent, any service consumer for a delayed component) and has no activation timeout of its own
 * ({@code ds.lock.timeout.milliseconds} only bounds waiting for SCR's internal locks). A hanging activate would
 * stall that thread, and with it the start of every later bundle. The watchdog recognises the activation in a
 * thread's stack ({@code SingleComponentManager.createImplementationObject} with the component's code above it)
 * and names those that run longer than the timeout, once per activation.
 */
final class ActivationWatchdog {
    private static final String SCR = "org.apache.felix.scr.impl.";
    private static final String ACTIVATION = "createImplementationObject";

    /** An activation that ran too long: {@code thread} runs {@code implementationClass}'s constructor or activate. */
    record Stuck(Thread thread, String implementationClass, Duration running, boolean firstTime) {
    }

    private record Key(long threadId, String implementationClass) {
    }

    private final Map<Key, Instant> firstSeen = new HashMap<>();
    private final Map<Key, Boolean> reported = new HashMap<>();

    /**
     * @return activations running for longer than {@code timeout}; {@code firstTime} is true the first time one is
     *         returned (interrupt it then), false while it keeps hanging after that
     */
    List<Stuck> check(Map<Thread, StackTraceElement[]> stacks, Instant now, Duration timeout) {
        Map<Key, Instant> still = new HashMap<>();
        List<Stuck> stuck = new ArrayList<>();
        stacks.forEach((thread, stack) -> {
            String component = activatingClass(stack);
            if (component == null) {
                return;
            }
            Key key = new Key(thread.getId(), component);
            Instant since = firstSeen.getOrDefault(key, now);
            still.put(key, since);
            Duration running = Duration.between(since, now);
            if (running.compareTo(timeout) > 0) {
                boolean first = reported.put(key, Boolean.TRUE) == null;
                stuck.add(new Stuck(thread, component, running, first));
            }
        });
        firstSeen.clear();
        firstSeen.putAll(still);
        reported.keySet().retainAll(still.keySet());
        return stuck;
    }

    /** The class whose constructor or activate method SCR is running in this stack, or null. */
    static String activatingClass(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement frame = stack[i];
            if (frame.getClassName().startsWith(SCR) && ACTIVATION.equals(frame.getMethodName())) {
                // Walk back up towards the top of the stack: the first frame that is neither SCR nor reflection
                // is the component's own code.
                for (int j = i - 1; j >= 0; j--) {
                    String c = stack[j].getClassName();
                    if (!c.startsWith(SCR) && !c.startsWith("jdk.internal.") && !c.startsWith("java.lang.reflect.")
                            && !c.startsWith("java.lang.invoke.")) {
                        return c;
                    }
                }
                return null;
            }
        }
        return null;
    }
}
