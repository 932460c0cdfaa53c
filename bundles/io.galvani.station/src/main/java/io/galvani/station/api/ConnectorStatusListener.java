package io.galvani.station.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service told the status of every connector when it is added, then each change of a
 * connector's OCPP status and each connector that appears. Called on the station's event thread,
 * one change at a time, in order; return quickly. A listener needs no reference to the
 * {@link Station}: what it is told is the whole state.
 */
@ConsumerType
public interface ConnectorStatusListener {

    void connectorStatusChanged(ConnectorView connector);
}
