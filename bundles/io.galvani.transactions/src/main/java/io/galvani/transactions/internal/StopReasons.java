package io.galvani.transactions.internal;

import java.util.Locale;

import io.galvani.ocpp.model.types.ReasonEnumType;

/** The stoppedReason for a power-cabinet fault, from the driver's fault text. */
final class StopReasons {
    private StopReasons() {
    }

    static ReasonEnumType forFault(String fault) {
        String f = fault == null ? "" : fault.toLowerCase(Locale.ROOT);
        if (f.contains("emergency")) {
            return ReasonEnumType.EmergencyStop;
        }
        if (f.contains("ground") || f.contains("isolation") || f.contains("insulation")) {
            return ReasonEnumType.GroundFault;
        }
        if (f.contains("overcurrent") || f.contains("over-current") || f.contains("over current")) {
            return ReasonEnumType.OvercurrentFault;
        }
        if (f.contains("power quality") || f.contains("grid")) {
            return ReasonEnumType.PowerQuality;
        }
        if (f.contains("disconnect")) {
            return ReasonEnumType.EVDisconnected;
        }
        return ReasonEnumType.Other;
    }
}
