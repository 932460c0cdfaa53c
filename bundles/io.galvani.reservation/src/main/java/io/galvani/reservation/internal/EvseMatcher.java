package io.galvani.reservation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Whether every floating reservation (no EVSE, or only a connector type) can still get an EVSE of its
 * own among the free ones (H01.FR.07/09): a bipartite matching by augmenting paths. Stations have a
 * handful of EVSEs, so the simple algorithm is plenty.
 */
final class EvseMatcher {

    private EvseMatcher() {
    }

    /**
     * @param floating reservations that each need a distinct EVSE
     * @param free     the EVSEs that may serve them
     * @param targets  whether a reservation may be served by an EVSE (connector type)
     */
    static boolean allServed(List<Reservation> floating, Set<Integer> free,
            BiPredicate<Reservation, Integer> targets) {
        if (floating.size() > free.size()) {
            return false;
        }
        Map<Integer, Reservation> servedBy = new HashMap<>();
        List<Integer> evses = new ArrayList<>(free);
        for (Reservation r : floating) {
            if (!augment(r, evses, targets, servedBy, new java.util.HashSet<>())) {
                return false;
            }
        }
        return true;
    }

    private static boolean augment(Reservation r, List<Integer> evses, BiPredicate<Reservation, Integer> targets,
            Map<Integer, Reservation> servedBy, Set<Integer> visited) {
        for (Integer evse : evses) {
            if (!targets.test(r, evse) || !visited.add(evse)) {
                continue;
            }
            Reservation current = servedBy.get(evse);
            if (current == null || augment(current, evses, targets, servedBy, visited)) {
                servedBy.put(evse, r);
                return true;
            }
        }
        return false;
    }
}
