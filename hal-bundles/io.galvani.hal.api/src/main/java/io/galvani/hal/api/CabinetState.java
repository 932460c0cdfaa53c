package io.galvani.hal.api;

/**
 * The power path of one EVSE at one moment.
 *
 * @param evseId    the EVSE
 * @param phase     where the power path is
 * @param voltageV  output voltage, volts
 * @param currentA  output current, amperes
 * @param powerW    output power, watts
 * @param limitW    the power limit in force for this EVSE, watts
 * @param fault     why the phase is FAULTED, else null
 */
public record CabinetState(int evseId, CabinetPhase phase, double voltageV, double currentA, double powerW, double limitW,
        String fault) {

    public static CabinetState idle(int evseId, double limitW) {
        return new CabinetState(evseId, CabinetPhase.IDLE, 0, 0, 0, limitW, null);
    }
}
