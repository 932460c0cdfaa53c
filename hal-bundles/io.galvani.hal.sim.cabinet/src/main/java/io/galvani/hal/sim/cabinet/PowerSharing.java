package io.galvani.hal.sim.cabinet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.galvani.hal.api.CabinetPhase;

/** How a cabinet splits its rated power between the EVSEs that charge at the same time. */
final class PowerSharing {

    private PowerSharing() {
    }

    /**
     * Splits {@code capacityW} between the charging power paths: each gets at most its demand
     * ({@link PowerPath#demandW()}) and the capacity is shared equally, what one EVSE does not need
     * going to the others; then each ramps towards its allocation ({@link PowerPath#rampTowards}).
     */
    static void allocate(Collection<PowerPath> paths, double capacityW, Instant now) {
        Map<PowerPath, Double> demand = new LinkedHashMap<>();
        for (PowerPath path : paths) {
            if (path.phase() == CabinetPhase.CHARGING) {
                demand.put(path, path.demandW());
            }
        }
        for (Map.Entry<PowerPath, Double> e : share(demand, capacityW).entrySet()) {
            e.getKey().rampTowards(e.getValue(), now);
        }
    }

    /** Equal shares with redistribution ("water filling"). */
    static <K> Map<K, Double> share(Map<K, Double> demand, double capacity) {
        List<Map.Entry<K, Double>> sorted = new ArrayList<>(demand.entrySet());
        sorted.sort(Comparator.comparingDouble(Map.Entry::getValue));
        Map<K, Double> result = new LinkedHashMap<>();
        double left = capacity;
        int n = sorted.size();
        for (Map.Entry<K, Double> e : sorted) {
            double give = Math.min(e.getValue(), left / n);
            result.put(e.getKey(), give);
            left -= give;
            n--;
        }
        return result;
    }
}
