package io.galvani.operations.internal;

import java.util.Objects;
import java.util.Optional;

import io.galvani.station.api.Station;

/**
 * How the station answers a Reset or ChangeAvailability, whoever asked (the CSMS or the operator
 * console): the status, and for anything but a plain Accepted an OCPP reason code (Part 2
 * appendix "Reason Codes") with a human-readable detail.
 */
record Outcome(Status status, String reasonCode, String detail) {

    /** The statuses Reset and ChangeAvailability have in common. */
    enum Status {
        Accepted, Scheduled, Rejected
    }

    Outcome {
        Objects.requireNonNull(status, "status");
    }

    static Outcome accepted() {
        return new Outcome(Status.Accepted, null, null);
    }

    static Outcome scheduled(String detail) {
        return new Outcome(Status.Scheduled, "TxInProgress", detail);
    }

    static Outcome rejected(String reasonCode, String detail) {
        return new Outcome(Status.Rejected, reasonCode, detail);
    }

    /**
     * Rejected (UnknownEvse, UnknownConnectorId) when the station has no such EVSE, or no such
     * connector on it; empty when it has. {@code connectorId} null: the EVSE alone.
     */
    static Optional<Outcome> unknownTarget(Station station, int evseId, Integer connectorId) {
        if (station.evses().stream().noneMatch(e -> e.id() == evseId)) {
            return Optional.of(rejected("UnknownEvse", "no EVSE " + evseId));
        }
        if (connectorId != null && station.connector(evseId, connectorId).isEmpty()) {
            return Optional.of(rejected("UnknownConnectorId", "EVSE " + evseId + " has no connector " + connectorId));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return reasonCode == null ? status.name() : status + " (" + reasonCode + ": " + detail + ")";
    }
}
