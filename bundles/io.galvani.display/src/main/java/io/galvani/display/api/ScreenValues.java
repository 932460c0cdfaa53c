package io.galvani.display.api;

import java.time.Duration;

import io.galvani.transactions.api.SessionCost;

/**
 * The values an EVSE's screen shows, as numbers and as the display formats them in its language ("12.35 kWh",
 * "12,35 kWh"). Values the screen does not show are null (e.g. no power on the welcome screen, no state of charge
 * when the vehicle reports none, no cost without a tariff bundle).
 *
 * @param energyKWh        energy delivered in the session
 * @param powerKW          power now (charging screens only)
 * @param stateOfChargePct the vehicle's state of charge, 0..100
 * @param elapsed          how long the session has been charging (or charged, on the summary)
 * @param cost             running cost while charging, the total on the summary
 * @param energy           {@code energyKWh} as shown
 * @param power            {@code powerKW} as shown
 * @param stateOfCharge    {@code stateOfChargePct} as shown ("45%")
 * @param time             {@code elapsed} as shown ("0:12:34")
 * @param costText         {@code cost} as shown ("4.32 EUR")
 * @param reason           in plain words: why a card was refused, or why charging stopped
 * @param hint             in plain words: what the driver should do now, or null
 */
public record ScreenValues(Double energyKWh, Double powerKW, Double stateOfChargePct, Duration elapsed,
        SessionCost cost, String energy, String power, String stateOfCharge, String time, String costText,
        String reason, String hint) {

    /** No values: a screen that only says something. */
    public static final ScreenValues NONE = new ScreenValues(null, null, null, null, null, null, null, null, null,
            null, null, null);
}
