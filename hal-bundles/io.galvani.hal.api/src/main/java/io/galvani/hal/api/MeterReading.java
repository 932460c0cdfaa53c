package io.galvani.hal.api;

import java.time.Instant;

/**
 * One reading of an EVSE's energy meter, the source of OCPP meter values.
 *
 * @param timestamp          when the meter took it
 * @param energyImportWh     Energy.Active.Import.Register, watt-hours; never decreases
 * @param powerW             Power.Active.Import, watts
 * @param voltageV           Voltage (DC), volts
 * @param currentA           Current.Import, amperes
 * @param stateOfChargePct   SoC of the connected EV in percent, or null when unknown
 */
public record MeterReading(Instant timestamp, double energyImportWh, double powerW, double voltageV, double currentA,
        Double stateOfChargePct) {
}
