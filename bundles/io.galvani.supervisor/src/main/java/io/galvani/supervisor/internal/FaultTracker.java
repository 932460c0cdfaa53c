package io.galvani.supervisor.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.galvani.devicemodel.api.ComponentKey;

/**
 * The supervisor's memory of failing components, without OSGi: fed with what SCR shows, it decides when to
 * disable a failed component, when to enable it again (exponential back-off per component, reset once it runs),
 * and when a fault starts and ends. Confined to the supervisor's thread.
 */
final class FaultTracker {

    private static final class Episode {
        int failures;
        boolean disabledByUs;
        Instant retryAt;
        ComponentKey device;
    }

    private final BackOff backOff;
    private final Map<ComponentId, Episode> episodes = new HashMap<>();

    FaultTracker(BackOff backOff) {
        this.backOff = backOff;
    }

    List<Decision> observe(List<Observation> observations, Instant now) {
        List<Decision> decisions = new ArrayList<>();
        Set<ComponentId> seen = new HashSet<>();
        for (Observation o : observations) {
            seen.add(o.id());
            Episode episode = episodes.get(o.id());
            switch (o.health()) {
                case FAILED -> {
                    if (episode != null && episode.disabledByUs) {
                        break; // SCR has not carried out our disable yet (it is asynchronous)
                    }
                    if (episode == null) {
                        episode = new Episode();
                        episodes.put(o.id(), episode);
                    }
                    episode.failures++;
                    if (o.device() != null) {
                        episode.device = o.device();
                    }
                    var wait = backOff.delayAfter(episode.failures);
                    episode.retryAt = now.plus(wait);
                    episode.disabledByUs = true;
                    decisions.add(new Decision.Faulted(o.id(), episode.device, o.failure(), episode.failures,
                            episode.failures == 1));
                    decisions.add(new Decision.Disable(o.id(), wait));
                }
                case DISABLED -> {
                    if (episode != null && episode.disabledByUs && !now.isBefore(episode.retryAt)) {
                        episode.disabledByUs = false;
                        decisions.add(new Decision.Enable(o.id()));
                    }
                }
                case RUNNING -> {
                    if (episode != null) {
                        episodes.remove(o.id());
                        decisions.add(new Decision.Recovered(o.id(), episode.device, false));
                    }
                }
                case WAITING -> {
                    // An unsatisfied reference or configuration is the wiring's business, not a fault; a retry
                    // that now waits keeps its failure count until it runs or fails again.
                }
            }
        }
        for (Iterator<Map.Entry<ComponentId, Episode>> it = episodes.entrySet().iterator(); it.hasNext();) {
            Map.Entry<ComponentId, Episode> e = it.next();
            if (!seen.contains(e.getKey())) {
                it.remove();
                decisions.add(new Decision.Recovered(e.getKey(), e.getValue().device, true));
            }
        }
        return decisions;
    }

    /** Whether any component is in a fault episode (for ChargingStation.Problem). */
    boolean anyFaulted() {
        return !episodes.isEmpty();
    }

    /** Components in a fault episode, with their failure counts, for the console and the log. */
    Map<ComponentId, Integer> faulted() {
        Map<ComponentId, Integer> result = new HashMap<>();
        episodes.forEach((id, e) -> result.put(id, e.failures));
        return result;
    }

    /** Whether the supervisor disabled {@code id} and must enable it again when it stops. */
    Set<ComponentId> disabledByUs() {
        Set<ComponentId> result = new HashSet<>();
        episodes.forEach((id, e) -> {
            if (e.disabledByUs) {
                result.add(id);
            }
        });
        return result;
    }
}
