package io.galvani.devicemodel.api;

import io.galvani.ocpp.model.types.GetVariableStatusEnumType;

/**
 * Result of reading one attribute: the GetVariables status and, when Accepted, the value ({@code ""}
 * for a supported attribute without value, B06.FR.13); {@code rejection} says why when Rejected.
 */
public record VariableRead(GetVariableStatusEnumType status, String value, Rejection rejection) {

    public static VariableRead accepted(String value) {
        return new VariableRead(GetVariableStatusEnumType.Accepted, value == null ? "" : value, null);
    }

    public static VariableRead of(GetVariableStatusEnumType status, Rejection rejection) {
        return new VariableRead(status, null, rejection);
    }
}
