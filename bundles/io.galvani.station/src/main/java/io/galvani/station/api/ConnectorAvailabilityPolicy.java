package io.galvani.station.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard asked, when a connector is found (at start-up, or when its driver comes back), whether it must start
 * out Unavailable: the owner of persisted availability (ChangeAvailability Inoperative survives a reboot,
 * B11.FR.02 / G03.FR.08) answers, so that the connector's first status is already the right one and no
 * {@code Available} goes out in between. Later changes go through {@link Station#setUnavailable} as before.
 *
 * <p>Called on the station's event thread: answer at once, without calling back into the {@link Station}. A policy
 * that throws counts as "no opinion".
 *
 * @since 1.2
 */
@ConsumerType
public interface ConnectorAvailabilityPolicy {

    /** True if connector {@code connectorId} of EVSE {@code evseId} (both 1-based) is to be Unavailable. */
    boolean unavailable(int evseId, int connectorId);
}
