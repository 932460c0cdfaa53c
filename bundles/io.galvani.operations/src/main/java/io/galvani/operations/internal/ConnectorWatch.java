package io.galvani.operations.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;

/** The bundle's one {@link ConnectorStatusListener}; references nothing, so it closes no cycle. */
@Component(service = { ConnectorStatusListener.class, ConnectorBoard.class })
public final class ConnectorWatch implements ConnectorStatusListener, ConnectorBoard {
    private static final Logger logger = LoggerFactory.getLogger(ConnectorWatch.class);

    private final Map<String, ConnectorView> connectors = new TreeMap<>();
    private final List<Consumer<ConnectorView>> observers = new CopyOnWriteArrayList<>();

    @Override
    public void connectorStatusChanged(ConnectorView connector) {
        synchronized (connectors) {
            connectors.put(String.format("%05d/%05d", connector.evseId(), connector.connectorId()), connector);
        }
        for (Consumer<ConnectorView> observer : observers) {
            notify(observer, connector);
        }
    }

    @Override
    public List<ConnectorView> connectors() {
        synchronized (connectors) {
            return new ArrayList<>(connectors.values());
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<ConnectorView> observer) {
        observers.add(observer);
        connectors().forEach(c -> notify(observer, c));
        return () -> observers.remove(observer);
    }

    private static void notify(Consumer<ConnectorView> observer, ConnectorView connector) {
        try {
            observer.accept(connector);
        } catch (RuntimeException e) {
            logger.error("Connector observer failed for {}/{}", connector.evseId(), connector.connectorId(), e);
        }
    }
}
