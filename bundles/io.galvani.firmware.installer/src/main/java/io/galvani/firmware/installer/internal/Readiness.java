package io.galvani.firmware.installer.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Whether the restarted bundles run: each ACTIVE (fragments RESOLVED, bundles above the framework's start level
 * only marked to start) and each of their DS components ACTIVE or SATISFIED. A component that failed to activate
 * fails at once; one that stays unsatisfied fails after the timeout, unless it was unsatisfied already before the
 * installation (that is not the new set's fault).
 */
final class Readiness {
    private static final long POLL_MILLIS = 20;

    private final Supplier<ServiceComponentRuntime> scr;
    private final Supplier<Map<String, Bundle>> bundles;
    private final IntSupplier frameworkLevel;

    Readiness(Supplier<ServiceComponentRuntime> scr, Supplier<Map<String, Bundle>> bundles, IntSupplier frameworkLevel) {
        this.scr = scr;
        this.bundles = bundles;
        this.frameworkLevel = frameworkLevel;
    }

    /** Names ("bundle/component") of the components not ACTIVE or SATISFIED now. */
    Set<String> notRunning() {
        Set<String> result = new HashSet<>();
        ServiceComponentRuntime runtime = scr.get();
        if (runtime == null) {
            return result;
        }
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    result.add(d.bundle.symbolicName + "/" + d.name);
                }
            }
        }
        return result;
    }

    /**
     * Waits until the bundles named run.
     *
     * @throws ApplyException naming the bundle or component that does not
     */
    void await(Collection<String> names, Set<String> notRunningBefore, long timeoutMillis)
            throws ApplyException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            String problem = problem(names, notRunningBefore, System.nanoTime() >= deadline);
            if (problem == null) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new ApplyException(problem + " after " + timeoutMillis / 1000 + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** What is not running yet, or null; throws for what cannot get better (a failed activation). */
    private String problem(Collection<String> names, Set<String> notRunningBefore, boolean last) throws ApplyException {
        Map<String, Bundle> live = bundles.get();
        List<Bundle> watched = new ArrayList<>();
        for (String name : names) {
            Bundle b = live.get(name);
            if (b == null) {
                continue; // removed
            }
            watched.add(b);
            if (LiveBundles.isFragment(b)) {
                if (b.getState() != Bundle.RESOLVED && b.getState() != Bundle.ACTIVE) {
                    return "fragment " + name + " is not resolved";
                }
                continue;
            }
            int level = b.adapt(BundleStartLevel.class).getStartLevel();
            int active = frameworkLevel.getAsInt();
            if (level <= active && b.getState() != Bundle.ACTIVE) {
                return "bundle " + name + " is " + state(b.getState()) + ", not ACTIVE";
            }
        }
        ServiceComponentRuntime runtime = scr.get();
        if (runtime == null || watched.isEmpty()) {
            return null;
        }
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs(watched.toArray(new Bundle[0]))) {
            String id = d.bundle.symbolicName + "/" + d.name;
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    throw new ApplyException("component " + d.name + " of bundle " + d.bundle.symbolicName
                            + " failed to activate: " + firstLine(c.failure));
                }
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED
                        && !notRunningBefore.contains(id)) {
                    return "component " + d.name + " of bundle " + d.bundle.symbolicName + " is unsatisfied"
                            + unsatisfied(c);
                }
            }
        }
        return null;
    }

    private static String unsatisfied(ComponentConfigurationDTO c) {
        if (c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
            return " (no configuration)";
        }
        List<String> refs = new ArrayList<>();
        if (c.unsatisfiedReferences != null) {
            for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                refs.add(r.name + " " + r.target);
            }
        }
        return refs.isEmpty() ? "" : " (missing reference " + String.join(", ", refs) + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
