package io.galvani.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ComponentKey;

class DeviceLocatorTest {

    @Test
    void halDevicesMapToTheComponentsTheirDriversContribute() {
        assertThat(DeviceLocator.locate(new String[] { "io.galvani.hal.api.EnergyMeter" }, Map.of("hal.evse.id", 2)))
                .isEqualTo(ComponentKey.of("ControlMetering").atEvse(2));
        assertThat(DeviceLocator.locate(new String[] { "io.galvani.hal.api.TokenReader" }, Map.of("hal.evse.id", 0)))
                .as("station-wide reader").isEqualTo(ComponentKey.of("TokenReader"));
        assertThat(DeviceLocator.locate(new String[] { "io.galvani.hal.api.PowerCabinet", "x.Other" },
                Map.of("hal.evse.id", new Integer[] { 1, 2 }))).isEqualTo(ComponentKey.of("AcDcConverter").atEvse(1));
        assertThat(DeviceLocator.locate(new String[] { "io.galvani.hal.api.Connector" },
                Map.of("hal.evse.id", 1, "hal.connector.id", 1))).isEqualTo(ComponentKey.of("Connector").atConnector(1, 1));
        assertThat(DeviceLocator.locate(new String[] { "io.galvani.hal.api.Display" }, null)).isEqualTo(ComponentKey.of("Display"));
    }

    @Test
    void everythingElseIsTheChargingStation() {
        assertThat(DeviceLocator.locate(new String[] { "io.galvani.metering.api.TransactionMeterValues" }, Map.of()))
                .isEqualTo(DeviceLocator.STATION);
        assertThat(DeviceLocator.locate(null, null)).isEqualTo(DeviceLocator.STATION);
        assertThat(DeviceLocator.firstInt("3")).isEqualTo(3);
        assertThat(DeviceLocator.firstInt("x")).isNull();
    }
}
