package io.galvani.hal.api;

/**
 * The DC power path of one EVSE, in the order a session goes through it. A fault moves any phase to
 * {@link #FAULTED}; {@link PowerCabinet#stop} from any phase ends in {@link #IDLE}.
 */
public enum CabinetPhase {
    /** Contactors open, no output. */
    IDLE,
    /** Insulation test of the cable and vehicle inlet before any energy flows (IEC 61851-23). */
    CABLE_CHECK,
    /** Output voltage raised to the battery voltage before the contactors close. */
    PRE_CHARGE,
    /** Contactors closed, the power path is closed and energy may flow. */
    CHARGING,
    /** Current ramped down, contactors opening. */
    STOPPING,
    /** The cabinet refused or aborted; see {@link CabinetState#fault()}. */
    FAULTED
}
