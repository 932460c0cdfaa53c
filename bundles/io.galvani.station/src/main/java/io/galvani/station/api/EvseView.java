package io.galvani.station.api;

import java.util.List;

/**
 * One EVSE and its connectors, ordered by connector id.
 *
 * @param id          the EVSE id (1-based)
 * @param connectors  its connectors
 */
public record EvseView(int id, List<ConnectorView> connectors) {

    public EvseView {
        connectors = List.copyOf(connectors);
    }
}
