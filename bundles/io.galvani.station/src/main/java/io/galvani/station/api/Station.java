package io.galvani.station.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The station's EVSEs and connectors, as found through the HAL's connector services, with the OCPP
 * connector status of each. Changes are reported to {@link ConnectorStatusListener}s.
 *
 * <p>Status rules: a faulted connector is Faulted; else one set unavailable is Unavailable; else one
 * claimed by a registered {@link ConnectorReservation} is Reserved; else one with a vehicle plugged
 * (or claimed by a session) is Occupied; else Available.
 */
@ProviderType
public interface Station {

    /** All EVSEs, ordered by id. */
    List<EvseView> evses();

    Optional<ConnectorView> connector(int evseId, int connectorId);

    /**
     * Marks a connector as taken or released by something other than a plugged cable (a session
     * started by token before the cable, a reservation later). Unknown connectors are ignored.
     */
    void setClaimed(int evseId, int connectorId, boolean claimed);

    /** Sets a connector (or with {@code connectorId} 0 all of the EVSE) Unavailable or not. */
    void setUnavailable(int evseId, int connectorId, boolean unavailable);
}
