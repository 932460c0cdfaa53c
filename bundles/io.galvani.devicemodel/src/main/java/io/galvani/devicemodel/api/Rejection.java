package io.galvani.devicemodel.api;

import java.util.Objects;

/**
 * Why a value was refused: an OCPP reason code (Part 2 appendix "Reason Codes", e.g.
 * {@code ValueOutOfRange}, {@code InvalidValue}, {@code ReadOnly}) and a human-readable detail that
 * names the variable and the limit; the detail goes into statusInfo.additionalInfo, so it must
 * never contain a secret value.
 */
public record Rejection(String reasonCode, String detail) {

    public Rejection {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(detail, "detail");
    }

    public static Rejection invalid(String detail) {
        return new Rejection("InvalidValue", detail);
    }

    public static Rejection outOfRange(String detail) {
        return new Rejection("ValueOutOfRange", detail);
    }
}
