package io.galvani.ocpp.rpc.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.Action;

/**
 * The whiteboard of {@link OcppRequestHandler}s keyed by action; the handler with the highest
 * {@code service.ranking} wins, ties go to the lowest {@code service.id} (the older service), as in
 * the OSGi service registry. Reads are lock-free (a copy-on-write snapshot).
 */
final class HandlerRegistry {
    private static final Logger logger = LoggerFactory.getLogger(HandlerRegistry.class);

    private record Entry(OcppRequestHandler<?, ?> handler, Action action, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> BEST_FIRST = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new ArrayList<>();
    private volatile Map<Action, OcppRequestHandler<?, ?>> snapshot = Map.of();
    private long anonymousIds = Long.MAX_VALUE / 2;

    /** Adds (or, when already present, updates) a handler; a handler for a station-initiated action is ignored. */
    synchronized void add(OcppRequestHandler<?, ?> handler, Map<String, ?> properties) {
        Action action;
        try {
            action = Action.of(handler.requestType());
        } catch (RuntimeException e) {
            logger.warn("Ignoring OCPP request handler {}: its requestType() is not an OCPP 2.0.1 request ({})",
                    handler.getClass().getName(), e.toString());
            return;
        }
        if (!Frames.csmsMayInitiate(action.name())) {
            logger.warn("Ignoring OCPP request handler {}: {} is only sent by the Charging Station",
                    handler.getClass().getName(), action.name());
            return;
        }
        entries.removeIf(e -> e.handler() == handler);
        entries.add(new Entry(handler, action, intProperty(properties, "service.ranking", 0),
                longProperty(properties, "service.id")));
        rebuild();
        logger.debug("OCPP request handler for {} added: {}", action.name(), handler.getClass().getName());
    }

    synchronized void remove(OcppRequestHandler<?, ?> handler) {
        if (entries.removeIf(e -> e.handler() == handler)) {
            rebuild();
        }
    }

    /** The handler that answers {@code action}, or null. */
    OcppRequestHandler<?, ?> get(Action action) {
        return snapshot.get(action);
    }

    private void rebuild() {
        Map<Action, OcppRequestHandler<?, ?>> m = new EnumMap<>(Action.class);
        entries.stream().sorted(BEST_FIRST).forEach(e -> m.putIfAbsent(e.action(), e.handler()));
        snapshot = m;
    }

    private static int intProperty(Map<String, ?> p, String key, int dflt) {
        Object v = p == null ? null : p.get(key);
        return v instanceof Integer i ? i : dflt;
    }

    private long longProperty(Map<String, ?> p, String key) {
        Object v = p == null ? null : p.get(key);
        return v instanceof Number n ? n.longValue() : anonymousIds++;
    }
}
