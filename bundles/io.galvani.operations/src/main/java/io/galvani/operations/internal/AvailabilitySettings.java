package io.galvani.operations.internal;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which parts of the station are set Inoperative, the station itself, EVSEs, connectors, each
 * independently (G03/G04). Immutable.
 *
 * @param stationInoperative   the station as a whole
 * @param inoperativeEvses     EVSE ids
 * @param inoperativeConnectors connectors as scopes
 */
record AvailabilitySettings(boolean stationInoperative, Set<Integer> inoperativeEvses,
        Set<Scope> inoperativeConnectors) {

    static final AvailabilitySettings ALL_OPERATIVE = new AvailabilitySettings(false, Set.of(), Set.of());

    AvailabilitySettings {
        inoperativeEvses = Set.copyOf(inoperativeEvses);
        inoperativeConnectors = Set.copyOf(inoperativeConnectors);
        if (inoperativeConnectors.stream().anyMatch(s -> !s.isConnector())) {
            throw new IllegalArgumentException("not connectors: " + inoperativeConnectors);
        }
    }

    /** Whether {@code scope} itself was set Inoperative (not whether it is unavailable through its parent). */
    boolean inoperative(Scope scope) {
        if (scope.isStation()) {
            return stationInoperative;
        }
        return scope.isEvse() ? inoperativeEvses.contains(scope.evseId()) : inoperativeConnectors.contains(scope);
    }

    AvailabilitySettings with(Scope scope, boolean inoperative) {
        if (scope.isStation()) {
            return new AvailabilitySettings(inoperative, inoperativeEvses, inoperativeConnectors);
        }
        if (scope.isEvse()) {
            Set<Integer> evses = new TreeSet<>(inoperativeEvses);
            if (inoperative) {
                evses.add(scope.evseId());
            } else {
                evses.remove(scope.evseId());
            }
            return new AvailabilitySettings(stationInoperative, evses, inoperativeConnectors);
        }
        Set<Scope> connectors = new java.util.HashSet<>(inoperativeConnectors);
        if (inoperative) {
            connectors.add(scope);
        } else {
            connectors.remove(scope);
        }
        return new AvailabilitySettings(stationInoperative, inoperativeEvses, connectors);
    }

    /** Whether a connector is unavailable because it, its EVSE or the station is Inoperative (G03.FR.06, G04.FR.07). */
    boolean connectorUnavailable(int evseId, int connectorId) {
        return stationInoperative || inoperativeEvses.contains(evseId)
                || inoperativeConnectors.contains(Scope.connector(evseId, connectorId));
    }
}
