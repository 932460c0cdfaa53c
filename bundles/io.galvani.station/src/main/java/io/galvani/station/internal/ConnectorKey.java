package io.galvani.station.internal;

import io.galvani.hal.api.Connector;

/** Identifies a connector within the station. */
record ConnectorKey(int evseId, int connectorId) {

    static ConnectorKey of(Connector connector) {
        return new ConnectorKey(connector.evseId(), connector.connectorId());
    }

    @Override
    public String toString() {
        return evseId + "/" + connectorId;
    }
}
