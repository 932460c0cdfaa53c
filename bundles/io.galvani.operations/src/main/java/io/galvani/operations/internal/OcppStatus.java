package io.galvani.operations.internal;

import io.galvani.ocpp.model.types.StatusInfoType;

/** statusInfo for an {@link Outcome}. */
final class OcppStatus {
    private static final int MAX_ADDITIONAL_INFO = 512;

    private OcppStatus() {
    }

    /** null for a plain Accepted. */
    static StatusInfoType info(Outcome outcome) {
        return outcome.reasonCode() == null ? null : info(outcome.reasonCode(), outcome.detail());
    }

    static StatusInfoType info(String reasonCode, String detail) {
        StatusInfoType info = StatusInfoType.of(reasonCode);
        if (detail != null && !detail.isEmpty()) {
            info = info.withAdditionalInfo(detail.length() > MAX_ADDITIONAL_INFO
                    ? detail.substring(0, MAX_ADDITIONAL_INFO) : detail);
        }
        return info;
    }
}
