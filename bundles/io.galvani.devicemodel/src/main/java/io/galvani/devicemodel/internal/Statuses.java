package io.galvani.devicemodel.internal;

import io.galvani.devicemodel.api.Rejection;
import io.galvani.ocpp.model.types.StatusInfoType;

/** Maps a {@link Rejection} to statusInfo, within the schema's lengths (20 and 512 characters). */
final class Statuses {

    private Statuses() {
    }

    static StatusInfoType info(Rejection rejection) {
        if (rejection == null) {
            return null;
        }
        String code = rejection.reasonCode();
        String detail = rejection.detail();
        return new StatusInfoType(null, code.length() > 20 ? code.substring(0, 20) : code,
                detail.length() > 512 ? detail.substring(0, 511) + "…" : detail);
    }
}
