package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.types.MeasurandEnumType;

/** Parsing the comma-separated measurand lists of the configuration. */
class MeasurandsTest {

    @Test
    void parsesInOrderTrimmedAndOnce() {
        assertThat(Measurands.parse(" Voltage,Energy.Active.Import.Register , Voltage,,SoC")).containsExactly(
                MeasurandEnumType.Voltage, MeasurandEnumType.Energy_Active_Import_Register, MeasurandEnumType.SoC);
    }

    @Test
    void emptyOrBlankIsNoMeasurand() {
        assertThat(Measurands.parse("")).isEmpty();
        assertThat(Measurands.parse("  ")).isEmpty();
        assertThat(Measurands.parse(null)).isEmpty();
    }

    @Test
    void dropsUnknownAndUnsupportedMeasurands() {
        assertThat(Measurands.parse("Frequency,Bogus,Current.Import")).containsExactly(MeasurandEnumType.Current_Import);
    }

    @Test
    void valuesListIsWhatTheMeterReadingHas() {
        assertThat(Measurands.valuesList()).containsExactly("Energy.Active.Import.Register", "Power.Active.Import",
                "Voltage", "Current.Import", "SoC");
        assertThat(Measurands.maxListLength())
                .isEqualTo("Energy.Active.Import.Register,Power.Active.Import,Voltage,Current.Import,SoC".length());
    }
}
