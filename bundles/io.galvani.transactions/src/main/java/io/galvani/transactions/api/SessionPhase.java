package io.galvani.transactions.api;

/** Where a session on one EVSE stands, as a driver at the station would describe it. */
public enum SessionPhase {
    /** Nothing going on: waiting for a card or a cable. */
    IDLE,
    /** A card was presented; the station is asking whether it may charge. */
    AUTHORIZING,
    /** The card was refused; {@link SessionView#message()} says why. Returns to IDLE (or PLUGGED) shortly. */
    REJECTED,
    /** Authorized (card or remote start): waiting for the cable to be plugged in. */
    WAITING_FOR_CABLE,
    /** Cable plugged in: waiting for a card (or a remote start). */
    WAITING_FOR_AUTHORIZATION,
    /** Insulation (cable) check of the DC power path. */
    CABLE_CHECK,
    /** Pre-charge: the DC voltage is being matched to the vehicle's battery. */
    PRE_CHARGE,
    /** Energy flows. */
    CHARGING,
    /** The vehicle paused charging (chargingState SuspendedEV). */
    SUSPENDED_EV,
    /** The station paused charging (chargingState SuspendedEVSE: limit 0, invalid card, fault recovery). */
    SUSPENDED_EVSE,
    /** Charging stopped; the transaction ends when the cable is unplugged (or has ended). The summary is filled in. */
    FINISHED,
    /** The EVSE cannot charge: faulted or unavailable. */
    UNAVAILABLE
}
