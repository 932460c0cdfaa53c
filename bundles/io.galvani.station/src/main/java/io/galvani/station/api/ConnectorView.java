package io.galvani.station.api;

/**
 * One connector as the station reports it.
 *
 * @param evseId       its EVSE (1-based)
 * @param connectorId  the connector within the EVSE (1-based)
 * @param type         OCPP ConnectorEnumType value, e.g. cCCS2
 * @param status       the OCPP connector status
 * @param plugged      whether a vehicle is connected
 */
public record ConnectorView(int evseId, int connectorId, String type, ConnectorStatus status, boolean plugged) {
}
