package io.galvani.station.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.Connector;
import io.galvani.hal.api.ConnectorListener;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.HalProperties;
import io.galvani.hal.api.PowerCabinet;
import io.galvani.station.api.ConnectorAvailabilityPolicy;
import io.galvani.station.api.ConnectorReservation;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;

/**
 * Keeps one {@link ConnectorState} per HAL connector and turns hardware events into OCPP connector
 * status changes. All state changes and listener calls run on one event thread, so listeners see
 * changes in the order they happened.
 */
@Component(service = Station.class, immediate = true)
public final class StationModel implements Station, ConnectorListener {
    private static final Logger logger = LoggerFactory.getLogger(StationModel.class);

    private final Map<ConnectorKey, ConnectorState> connectors = new ConcurrentHashMap<>();
    private final List<ConnectorStatusListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectorReservation> reservations = new CopyOnWriteArrayList<>();
    private final List<ConnectorAvailabilityPolicy> availabilityPolicies = new CopyOnWriteArrayList<>();
    private final DriverCalls calls = new DriverCalls();
    /** Cabinet drivers per EVSE, and the EVSEs whose cabinet driver went away (confined to the event thread). */
    private final Map<Integer, Integer> cabinets = new java.util.HashMap<>();
    private final java.util.Set<Integer> cabinetLost = new java.util.HashSet<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "galvani-station-events");
        t.setDaemon(true);
        return t;
    });

    private ServiceRegistration<ConnectorListener> listenerRegistration;
    private BundleContext context;

    /**
     * Registers as the drivers' {@link ConnectorListener} only once active. Declared as a component service it
     * would close a reference cycle (this component binds every Connector, every Connector driver binds every
     * ConnectorListener), and SCR may then leave the driver's listener reference unbound.
     */
    @Activate
    void activate(BundleContext context) {
        this.context = context;
        listenerRegistration = context.registerService(ConnectorListener.class, this, null);
    }

    @Deactivate
    void deactivate() {
        if (listenerRegistration != null) {
            listenerRegistration.unregister();
        }
        events.shutdownNow();
        try {
            events.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConnector(Connector connector) {
        events.execute(() -> {
            ConnectorKey key = keyOf(connector);
            if (key == null) {
                return;
            }
            ConnectorState state = new ConnectorState(connector, key, calls);
            state.setCabinetPresent(!cabinetLost.contains(key.evseId()));
            ConnectorState previous = connectors.put(key, state);
            if (previous != null) {
                state.inheritFrom(previous); // availability and claims outlive a driver restart
            }
            state.setReserved(reserved(key));
            if (unavailableByPolicy(key)) {
                state.setUnavailable(true); // its first status is already the persisted one (B11.FR.02)
            }
            logger.info("Connector {} found: type {}", key, state.view().type());
            publish(state, true);
        });
    }

    void removeConnector(Connector connector) {
        if (frameworkStopping()) {
            return; // the whole station is shutting down: its connectors are not faulted
        }
        events.execute(() -> {
            ConnectorState state = stateOf(connector);
            if (state != null) {
                // Its driver went away: the connector cannot be used until a driver is back.
                state.setDriverPresent(false);
                publish(state, false);
            }
        });
    }

    /**
     * The power cabinets, by their {@code hal.evse.id} service property (the driver is not called). A cabinet driver
     * that goes away makes the connectors of its EVSEs Faulted until one is back, as for a connector driver; one that
     * has not come yet at boot does not.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCabinet(PowerCabinet cabinet, Map<String, Object> properties) {
        List<Integer> evses = evseIds(properties);
        events.execute(() -> evses.forEach(evse -> {
            cabinets.merge(evse, 1, Integer::sum);
            if (cabinetLost.remove(evse)) {
                logger.info("EVSE {} has a power cabinet driver again", evse);
                forEvse(evse, s -> s.setCabinetPresent(true));
            }
        }));
    }

    void removeCabinet(PowerCabinet cabinet, Map<String, Object> properties) {
        if (frameworkStopping()) {
            return;
        }
        List<Integer> evses = evseIds(properties);
        events.execute(() -> evses.forEach(evse -> {
            if (cabinets.merge(evse, -1, Integer::sum) <= 0) {
                cabinets.remove(evse);
                cabinetLost.add(evse);
                logger.warn("EVSE {} lost its power cabinet driver: its connectors are Faulted until it is back", evse);
                forEvse(evse, s -> s.setCabinetPresent(false));
            }
        }));
    }

    private void forEvse(int evse, java.util.function.Consumer<ConnectorState> change) {
        connectors.forEach((key, state) -> {
            if (key.evseId() == evse) {
                update(state, change);
            }
        });
    }

    static List<Integer> evseIds(Map<String, Object> properties) {
        Object value = properties.get(HalProperties.EVSE_ID);
        List<Integer> ids = new ArrayList<>();
        if (value instanceof Integer[] array) {
            ids.addAll(List.of(array));
        } else if (value instanceof int[] array) {
            for (int i : array) {
                ids.add(i);
            }
        } else if (value instanceof java.util.Collection<?> c) {
            c.forEach(v -> ids.add(((Number) v).intValue()));
        } else if (value instanceof Number n) {
            ids.add(n.intValue());
        }
        return ids;
    }

    private boolean frameworkStopping() {
        return context != null && context.getBundle(0).getState() == org.osgi.framework.Bundle.STOPPING;
    }

    /** Whoever keeps the persisted availability; see {@link ConnectorAvailabilityPolicy}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAvailabilityPolicy(ConnectorAvailabilityPolicy policy) {
        availabilityPolicies.add(policy);
    }

    void removeAvailabilityPolicy(ConnectorAvailabilityPolicy policy) {
        availabilityPolicies.remove(policy);
    }

    private boolean unavailableByPolicy(ConnectorKey key) {
        for (ConnectorAvailabilityPolicy policy : availabilityPolicies) {
            try {
                if (policy.unavailable(key.evseId(), key.connectorId())) {
                    return true;
                }
            } catch (RuntimeException e) {
                logger.warn("Availability policy {} failed for connector {}: {}", policy, key, e.toString());
            }
        }
        return false;
    }

    /** A profile bundle claims a connector (or an EVSE) as Reserved; see {@link ConnectorReservation}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReservation(ConnectorReservation reservation) {
        reservations.add(reservation);
        events.execute(this::applyReservations);
    }

    void removeReservation(ConnectorReservation reservation) {
        reservations.remove(reservation);
        if (frameworkStopping()) {
            return; // Reserved persists over a reboot (B01.FR.07): the claimant claims again when it starts
        }
        events.execute(this::applyReservations);
    }

    private void applyReservations() {
        connectors.forEach((key, state) -> {
            ConnectorStatus before = state.status();
            state.setReserved(reserved(key));
            if (before != state.status()) {
                publish(state, false);
            }
        });
    }

    private boolean reserved(ConnectorKey key) {
        for (ConnectorReservation r : reservations) {
            try {
                if (r.evseId() == key.evseId() && (r.connectorId() == 0 || r.connectorId() == key.connectorId())) {
                    return true;
                }
            } catch (RuntimeException e) {
                logger.error("Connector reservation {} failed to say what it claims", r, e);
            }
        }
        return false;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ConnectorStatusListener listener) {
        listeners.add(listener);
        // A listener that arrives late still learns every connector, so it never needs to call back into the
        // Station (which would close a DS reference cycle).
        events.execute(() -> connectors.values().forEach(state -> notify(listener, state.view())));
    }

    void removeListener(ConnectorStatusListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void pluggedChanged(Connector connector, boolean plugged) {
        update(connector, s -> s.setPlugged(plugged));
    }

    @Override
    public void statusChanged(Connector connector, DeviceStatus status) {
        update(connector, s -> s.setDeviceStatus(status));
    }

    @Override
    public List<EvseView> evses() {
        Map<Integer, List<ConnectorView>> byEvse = new TreeMap<>();
        connectors.values().stream()
                .map(ConnectorState::view)
                .sorted(Comparator.comparingInt(ConnectorView::evseId).thenComparingInt(ConnectorView::connectorId))
                .forEach(v -> byEvse.computeIfAbsent(v.evseId(), id -> new ArrayList<>()).add(v));
        List<EvseView> result = new ArrayList<>();
        byEvse.forEach((id, list) -> result.add(new EvseView(id, list)));
        return result;
    }

    @Override
    public Optional<ConnectorView> connector(int evseId, int connectorId) {
        return Optional.ofNullable(connectors.get(new ConnectorKey(evseId, connectorId))).map(ConnectorState::view);
    }

    @Override
    public void setClaimed(int evseId, int connectorId, boolean claimed) {
        update(new ConnectorKey(evseId, connectorId), s -> s.setClaimed(claimed));
    }

    @Override
    public void setUnavailable(int evseId, int connectorId, boolean unavailable) {
        events.execute(() -> connectors.forEach((key, state) -> {
            if (key.evseId() == evseId && (connectorId == 0 || key.connectorId() == connectorId)) {
                ConnectorStatus before = state.status();
                state.setUnavailable(unavailable);
                if (before != state.status()) {
                    publish(state, false);
                }
            }
        }));
    }

    private void update(Connector connector, java.util.function.Consumer<ConnectorState> change) {
        events.execute(() -> {
            ConnectorState state = stateOf(connector);
            if (state != null) {
                update(state, change);
            }
        });
    }

    /** The connector's place; null (logged once) when its driver cannot even say which connector it is. */
    private ConnectorKey keyOf(Connector connector) {
        return calls.query(connector, "evseId/connectorId", () -> ConnectorKey.of(connector), () -> null);
    }

    /** The state of this driver instance, found without calling the driver (it may throw). */
    private ConnectorState stateOf(Connector connector) {
        for (ConnectorState s : connectors.values()) {
            if (s.hal() == connector) {
                return s;
            }
        }
        return null;
    }

    private void update(ConnectorState state, java.util.function.Consumer<ConnectorState> change) {
        ConnectorStatus before = state.status();
        change.accept(state);
        if (before != state.status()) {
            publish(state, false);
        }
    }

    private void update(ConnectorKey key, java.util.function.Consumer<ConnectorState> change) {
        events.execute(() -> {
            ConnectorState state = connectors.get(key);
            if (state == null) {
                logger.debug("Event for unknown connector {} ignored", key);
                return;
            }
            ConnectorStatus before = state.status();
            change.accept(state);
            if (before != state.status()) {
                publish(state, false);
            }
        });
    }

    private void publish(ConnectorState state, boolean first) {
        ConnectorView view = state.view();
        logger.info("Connector {}/{} is {}{}", view.evseId(), view.connectorId(), view.status(), first ? " (found)" : "");
        for (ConnectorStatusListener listener : listeners) {
            notify(listener, view);
        }
    }

    private static void notify(ConnectorStatusListener listener, ConnectorView view) {
        try {
            listener.connectorStatusChanged(view);
        } catch (RuntimeException e) {
            logger.error("Connector status listener {} failed", listener, e);
        }
    }
}
