package io.galvani.operations.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Services of one kind, best first: highest {@code service.ranking}, ties to the lowest
 * {@code service.id} (the older service), as the OSGi registry orders them. Reads are lock-free.
 */
final class Whiteboard<T> {
    private record Entry<T>(T service, int ranking, long serviceId) {
    }

    private final List<Entry<T>> entries = new ArrayList<>();
    private volatile List<T> snapshot = List.of();

    synchronized void add(T service, Map<String, ?> properties) {
        entries.removeIf(e -> e.service() == service);
        Object ranking = properties == null ? null : properties.get("service.ranking");
        Object id = properties == null ? null : properties.get("service.id");
        entries.add(new Entry<>(service, ranking instanceof Integer r ? r : 0,
                id instanceof Number n ? n.longValue() : Long.MAX_VALUE));
        rebuild();
    }

    synchronized void remove(T service) {
        if (entries.removeIf(e -> e.service() == service)) {
            rebuild();
        }
    }

    /** Every service, best first. */
    List<T> services() {
        return snapshot;
    }

    private void rebuild() {
        snapshot = entries.stream()
                .sorted(Comparator.<Entry<T>>comparingInt(Entry::ranking).reversed()
                        .thenComparingLong(Entry::serviceId))
                .map(Entry::service).toList();
    }
}
