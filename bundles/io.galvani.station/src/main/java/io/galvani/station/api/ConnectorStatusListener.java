package io.galvani.station.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service told when a connector's OCPP status changes, and when a connector appears
 * (its first status). Called on the station's event thread, one change at a time; return quickly.
 */
@ConsumerType
public interface ConnectorStatusListener {

    void connectorStatusChanged(ConnectorView connector);
}
