package io.galvani.hal.api;

/**
 * What a power cabinet can deliver, all EVSEs it feeds together.
 *
 * @param maxPowerW    maximum output power, watts
 * @param maxCurrentA  maximum output current, amperes
 * @param minVoltageV  lowest output voltage, volts
 * @param maxVoltageV  highest output voltage, volts
 */
public record CabinetRating(double maxPowerW, double maxCurrentA, double minVoltageV, double maxVoltageV) {
}
