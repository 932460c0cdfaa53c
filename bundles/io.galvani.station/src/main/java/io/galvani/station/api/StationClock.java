package io.galvani.station.api;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The station's notion of time: the local clock, corrected by the offset learnt from the CSMS
 * (BootNotification and Heartbeat responses carry the CSMS time). Every timestamp the station
 * sends comes from here.
 */
@ProviderType
public interface StationClock {

    Instant now();

    /** Adopts {@code csmsTime} as the current time; later readings advance from it. */
    void adjustTo(Instant csmsTime);
}
