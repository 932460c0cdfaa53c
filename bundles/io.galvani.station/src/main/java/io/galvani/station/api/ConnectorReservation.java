package io.galvani.station.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard claim on a connector (or all connectors of an EVSE) by a profile bundle, e.g. an OCPP
 * reservation (H01). Register one service per claim; the station reports the claimed connectors with
 * status {@link ConnectorStatus#Reserved} while the service is registered, and returns them to their
 * status without the claim (Available, Occupied) as soon as it is unregistered. A bundle that stops
 * thus releases every claim it made, without telling anyone.
 *
 * <p>Precedence: Faulted and Unavailable win over Reserved (the claimant is told through its
 * {@link ConnectorStatusListener} and decides whether its claim still stands, e.g. H01.FR.16/17);
 * Reserved wins over a plugged cable or a session's claim (Occupied): a car plugged into a reserved
 * connector does not change its status (G01.FR.09 errata) until the claimant releases it.
 *
 * <p>The values must not change while the service is registered: to move a claim, register a new one
 * and unregister the old. A claim on an unknown connector applies when the connector appears.
 * Releasing a claim while the framework shuts down changes no status (a reserved connector is still
 * Reserved after the reboot, B01.FR.07, if the claimant claims it again).
 *
 * @since 1.2
 */
@ConsumerType
public interface ConnectorReservation {

    /** The EVSE (1-based) whose connector is claimed. */
    int evseId();

    /** The claimed connector within the EVSE (1-based), or 0 for every connector of the EVSE. */
    default int connectorId() {
        return 0;
    }
}
