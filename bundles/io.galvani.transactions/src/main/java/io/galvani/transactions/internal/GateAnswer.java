package io.galvani.transactions.internal;

import io.galvani.transactions.api.Admission;
import io.galvani.transactions.api.TransactionGate;

/**
 * What the {@link TransactionGate}s said about one driver on one EVSE, and which gate owns the claim the
 * driver consumes (null when none does).
 */
record GateAnswer(Admission admission, TransactionGate claimant) {

    static final GateAnswer PASS = new GateAnswer(Admission.pass(), null);

    boolean allowed() {
        return admission.allowed();
    }

    Integer reservationId() {
        return claimant == null ? null : admission.reservationId();
    }
}
