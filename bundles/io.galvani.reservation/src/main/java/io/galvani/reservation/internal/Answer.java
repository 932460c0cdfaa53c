package io.galvani.reservation.internal;

import io.galvani.ocpp.model.types.ReserveNowStatusEnumType;

/**
 * The answer to a ReserveNow: its status and, when not Accepted, a statusInfo reason code (at most 20
 * characters) and a plain-words detail.
 */
record Answer(ReserveNowStatusEnumType status, String reasonCode, String detail) {

    static final Answer ACCEPTED = new Answer(ReserveNowStatusEnumType.Accepted, null, null);

    static Answer of(ReserveNowStatusEnumType status, String reasonCode, String detail) {
        return new Answer(status, reasonCode, detail);
    }

    static Answer rejected(String reasonCode, String detail) {
        return new Answer(ReserveNowStatusEnumType.Rejected, reasonCode, detail);
    }
}
