package io.galvani.hal.api;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A DC power cabinet feeding one or more EVSEs (shared cabinets split their rating between them).
 * Registered once per cabinet, with the service property {@link HalProperties#EVSE_ID} listing the
 * EVSEs it feeds.
 *
 * <p>Contract: {@link #start} begins cable check, pre-charge and charging asynchronously; every
 * phase change and every new measurement (at least once a second while charging) goes to the
 * {@link PowerCabinetListener}s. A fault at any time moves the EVSE to {@link CabinetPhase#FAULTED}
 * with a reason; {@link #stop} brings it back to {@link CabinetPhase#IDLE}. Calls for an EVSE the
 * cabinet does not feed throw {@link IllegalArgumentException}.
 */
@ConsumerType
public interface PowerCabinet {

    /** The EVSEs this cabinet feeds. */
    Set<Integer> evseIds();

    CabinetRating rating();

    /** Starts delivering energy to {@code evseId}, at most {@code limitW} watts. */
    void start(int evseId, double limitW);

    /** Stops delivering energy to {@code evseId}; safe to call in any phase. */
    void stop(int evseId);

    /** Changes the power limit of a running or future session. */
    void setLimit(int evseId, double limitW);

    CabinetState state(int evseId);

    DeviceStatus status();
}
