package io.galvani.hal.api;

/**
 * What a connected EV reports to the charger.
 *
 * @param connected         whether an EV is connected
 * @param wantsEnergy       false when the EV suspends charging (it is full, or paused by the car)
 * @param stateOfChargePct  state of charge in percent, or null if the EV does not tell
 * @param maxCurrentA       the largest current the EV accepts now, amperes
 * @param targetVoltageV    the battery voltage the EV asks for, volts
 */
public record EvState(boolean connected, boolean wantsEnergy, Double stateOfChargePct, double maxCurrentA,
        double targetVoltageV) {

    public static final EvState DISCONNECTED = new EvState(false, false, null, 0, 0);
}
