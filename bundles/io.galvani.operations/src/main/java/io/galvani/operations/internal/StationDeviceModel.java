package io.galvani.operations.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.api.PowerCabinet;
import io.galvani.operations.internal.DeviceModelVariables.ConnectorShape;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.Station;

/**
 * Contributes ChargingStation, EVSE and Connector (and two OCPPCommCtrlr variables) to the device
 * model: one {@link DeviceModelContribution} for the station, and one per EVSE, registered again
 * whenever the EVSE's connectors or its cabinet's rating change (the device model reads a
 * contribution once).
 */
@Component(immediate = true, service = {})
public final class StationDeviceModel {
    private static final Logger logger = LoggerFactory.getLogger(StationDeviceModel.class);

    /** What an EVSE's contribution was built from; a different shape means register again. */
    private record EvseShape(List<ConnectorShape> connectors, Double maxPowerW) {
    }

    private record Registered(EvseShape shape, ServiceRegistration<DeviceModelContribution> registration) {
    }

    private final Station station;
    private final Operations operations;
    private final BundleContext context;
    private final List<PowerCabinet> cabinets = new CopyOnWriteArrayList<>();
    private final Map<Integer, Registered> evses = new HashMap<>();
    private final ServiceRegistration<DeviceModelContribution> stationRegistration;
    private final AutoCloseable subscription;
    private boolean closed;

    @Activate
    public StationDeviceModel(@Reference Station station, @Reference Operations operations,
            @Reference ConnectorBoard board, BundleContext context) {
        this.station = station;
        this.operations = operations;
        this.context = context;
        List<VariableDefinition> stationVariables = DeviceModelVariables.station(
                () -> AvailabilityStates.station(station, operations.availability().stationInoperative()));
        this.stationRegistration = context.registerService(DeviceModelContribution.class,
                contribution(stationVariables), properties("station"));
        this.subscription = board.subscribe(view -> operations.executor().execute(() -> refresh(view.evseId())));
    }

    @Deactivate
    void deactivate() {
        try {
            subscription.close();
        } catch (Exception e) {
            logger.debug("Unsubscribing failed: {}", e.toString());
        }
        List<ServiceRegistration<?>> toRemove = new ArrayList<>();
        synchronized (this) {
            closed = true;
            evses.values().forEach(r -> toRemove.add(r.registration()));
            evses.clear();
        }
        toRemove.add(stationRegistration);
        toRemove.forEach(StationDeviceModel::unregister);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCabinet(PowerCabinet cabinet) {
        cabinets.add(cabinet);
        refreshAll(cabinet);
    }

    void removeCabinet(PowerCabinet cabinet) {
        cabinets.remove(cabinet);
        refreshAll(cabinet);
    }

    private void refreshAll(PowerCabinet cabinet) {
        Collection<Integer> ids;
        try {
            ids = cabinet.evseIds();
        } catch (RuntimeException e) {
            return;
        }
        operations.executor().execute(() -> ids.forEach(this::refresh));
    }

    /** Registers the EVSE's contribution again if its connectors or rating changed. */
    synchronized void refresh(int evseId) {
        if (closed) {
            return;
        }
        Optional<List<ConnectorView>> connectors = station.evses().stream().filter(e -> e.id() == evseId)
                .findFirst().map(e -> e.connectors());
        if (connectors.isEmpty()) {
            return;
        }
        EvseShape shape = new EvseShape(
                connectors.get().stream().map(c -> new ConnectorShape(c.connectorId(), c.type())).toList(),
                cabinet(evseId).map(c -> c.rating().maxPowerW()).orElse(null));
        Registered current = evses.get(evseId);
        if (current != null && current.shape().equals(shape)) {
            return;
        }
        List<VariableDefinition> variables = DeviceModelVariables.evse(evseId, shape.connectors(), shape.maxPowerW(),
                () -> power(evseId), () -> AvailabilityStates.evse(station, evseId),
                connectorId -> AvailabilityStates.connector(station, evseId, connectorId));
        if (current != null) {
            unregister(current.registration());
        }
        evses.put(evseId, new Registered(shape, context.registerService(DeviceModelContribution.class,
                contribution(variables), properties("evse" + evseId))));
        logger.debug("Device model of EVSE {}: {} connector(s), max power {} W", evseId, shape.connectors().size(),
                shape.maxPowerW());
    }

    private Optional<PowerCabinet> cabinet(int evseId) {
        return cabinets.stream().filter(c -> {
            try {
                return c.evseIds().contains(evseId);
            } catch (RuntimeException e) {
                return false;
            }
        }).findFirst();
    }

    private String power(int evseId) {
        Optional<PowerCabinet> cabinet = cabinet(evseId);
        try {
            return cabinet.map(c -> Double.toString(c.state(evseId).powerW())).orElse("0");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static DeviceModelContribution contribution(List<VariableDefinition> variables) {
        List<VariableDefinition> copy = List.copyOf(variables);
        return () -> copy;
    }

    private static Dictionary<String, Object> properties(String part) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("galvani.devicemodel.part", "io.galvani.operations/" + part);
        return p;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
