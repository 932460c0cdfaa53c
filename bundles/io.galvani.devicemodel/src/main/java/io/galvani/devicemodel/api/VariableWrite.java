package io.galvani.devicemodel.api;

import io.galvani.ocpp.model.types.SetVariableStatusEnumType;

/** Result of writing one attribute: the SetVariables status and, when refused, why. */
public record VariableWrite(SetVariableStatusEnumType status, Rejection rejection) {

    public static final VariableWrite ACCEPTED = new VariableWrite(SetVariableStatusEnumType.Accepted, null);
    public static final VariableWrite REBOOT_REQUIRED = new VariableWrite(SetVariableStatusEnumType.RebootRequired,
            null);

    public static VariableWrite of(SetVariableStatusEnumType status, Rejection rejection) {
        return new VariableWrite(status, rejection);
    }

    /** Accepted or RebootRequired. */
    public boolean stored() {
        return rejection == null;
    }
}
