package io.galvani.display.api;

/** Which screen an EVSE shows; the texts for it are in {@link EvseScreenView#title()} and its lines. */
public enum ScreenState {
    /** No EVSE known yet: the station is starting. */
    STARTING,
    /** Idle: present a card or plug in. */
    WELCOME,
    /** The cable is in (or a session waits for it): present a card. */
    PRESENT_CARD,
    /** The connector is reserved for another driver. */
    RESERVED,
    /** The card is being checked. */
    AUTHORIZING,
    /** The card was refused; {@link ScreenValues#reason()} says why in plain words. */
    CARD_REJECTED,
    /** The card was accepted and the cable is not in yet: plug in. */
    PLUG_IN,
    /** The card was accepted and the cable is in: charging starts. */
    CARD_ACCEPTED,
    /** Isolation and cable check (DC). */
    CABLE_CHECK,
    /** Pre-charge (DC). */
    PRE_CHARGE,
    CHARGING,
    /** The vehicle paused charging. */
    PAUSED_BY_EV,
    /** The station paused charging (e.g. a charging limit of 0). */
    PAUSED_BY_STATION,
    /** Charging stopped: energy, time, cost and why. */
    SUMMARY,
    /** Set Unavailable (ChangeAvailability Inoperative or a pending firmware installation). */
    UNAVAILABLE,
    /** Out of order: a connector is faulted. */
    FAULTED,
    /** The station installs new firmware and cannot charge now. */
    UPDATING_FIRMWARE
}
