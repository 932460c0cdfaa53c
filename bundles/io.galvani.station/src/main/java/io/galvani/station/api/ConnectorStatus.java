package io.galvani.station.api;

/** OCPP 2.0.1 ConnectorStatusEnumType. */
public enum ConnectorStatus {
    Available, Occupied, Reserved, Unavailable, Faulted
}
