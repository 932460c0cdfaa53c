package io.galvani.operations.internal;

/**
 * What a ChangeAvailability or Reset applies to: the whole station, one EVSE, or one connector.
 *
 * @param evseId       0 for the station
 * @param connectorId  0 for the station or a whole EVSE
 */
record Scope(int evseId, int connectorId) {

    static final Scope STATION = new Scope(0, 0);

    Scope {
        if (evseId < 0 || connectorId < 0 || (evseId == 0 && connectorId != 0)) {
            throw new IllegalArgumentException("not a scope: evse " + evseId + " connector " + connectorId);
        }
    }

    static Scope evse(int evseId) {
        return new Scope(evseId, 0);
    }

    static Scope connector(int evseId, int connectorId) {
        return new Scope(evseId, connectorId);
    }

    boolean isStation() {
        return evseId == 0;
    }

    boolean isEvse() {
        return evseId != 0 && connectorId == 0;
    }

    boolean isConnector() {
        return connectorId != 0;
    }

    @Override
    public String toString() {
        return isStation() ? "station" : isEvse() ? "EVSE " + evseId : "connector " + evseId + "/" + connectorId;
    }
}
