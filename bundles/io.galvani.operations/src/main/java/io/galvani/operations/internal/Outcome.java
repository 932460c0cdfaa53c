package io.galvani.operations.internal;

import java.util.Objects;

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

    @Override
    public String toString() {
        return reasonCode == null ? status.name() : status + " (" + reasonCode + ": " + detail + ")";
    }
}
