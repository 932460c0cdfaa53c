package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.hal.api.MeterReading;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.types.LocationEnumType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.testing.OcppSchemas;

/** One HAL reading to OCPP sampled values: measurands, units, location, context; what is left out. */
class MeterSamplerTest {
    private static final MeterReading READING = new MeterReading(Instant.EPOCH, 123456.7, 150_000, 800.5, 187.4, 63.0);
    private static final Instant T = Instant.parse("2026-11-25T10:15:00Z");

    @Test
    void J01_everySupportedMeasurandWithItsUnitAndLocationOutlet() {
        List<SampledValueType> values = MeterSampler.sample(READING, Measurands.SUPPORTED,
                ReadingContextEnumType.Sample_Clock, 1);

        assertThat(values).extracting(SampledValueType::measurand).containsExactly(
                MeasurandEnumType.Energy_Active_Import_Register, MeasurandEnumType.Power_Active_Import,
                MeasurandEnumType.Voltage, MeasurandEnumType.Current_Import, MeasurandEnumType.SoC);
        assertThat(values).extracting(SampledValueType::value).containsExactly(123456.7, 150000.0, 800.5, 187.4, 63.0);
        assertThat(values).extracting(v -> v.unitOfMeasure().unit()).containsExactly("Wh", "W", "V", "A", "Percent");
        assertThat(values).extracting(SampledValueType::location).containsExactly(LocationEnumType.Outlet,
                LocationEnumType.Outlet, LocationEnumType.Outlet, LocationEnumType.Outlet, LocationEnumType.EV);
        assertThat(values).allSatisfy(v -> {
            assertThat(v.context()).isEqualTo(ReadingContextEnumType.Sample_Clock);
            assertThat(v.phase()).as("DC: no phases").isNull();
            assertThat(v.unitOfMeasure().multiplier()).isNull();
            assertThat(v.signedMeterValue()).isNull();
        });
    }

    @Test
    void keepsTheOrderOfTheConfiguredList() {
        List<SampledValueType> values = MeterSampler.sample(READING,
                List.of(MeasurandEnumType.Voltage, MeasurandEnumType.Energy_Active_Import_Register),
                ReadingContextEnumType.Trigger, 2);
        assertThat(values).extracting(SampledValueType::measurand)
                .containsExactly(MeasurandEnumType.Voltage, MeasurandEnumType.Energy_Active_Import_Register);
    }

    @Test
    void socIsOmittedWhenTheReadingHasNone() {
        MeterReading noEv = new MeterReading(Instant.EPOCH, 10, 0, 0, 0, null);
        List<SampledValueType> values = MeterSampler.sample(noEv,
                List.of(MeasurandEnumType.Energy_Active_Import_Register, MeasurandEnumType.SoC),
                ReadingContextEnumType.Sample_Clock, 1);
        assertThat(values).extracting(SampledValueType::measurand)
                .containsExactly(MeasurandEnumType.Energy_Active_Import_Register);
    }

    @Test
    void J01_FR_14_mainMeterIsMeasuredAtTheInletAndHasNoSoc() {
        List<SampledValueType> values = MeterSampler.sample(READING, Measurands.SUPPORTED,
                ReadingContextEnumType.Sample_Clock, 0);
        assertThat(values).extracting(SampledValueType::measurand).doesNotContain(MeasurandEnumType.SoC);
        assertThat(values).extracting(SampledValueType::location).containsOnly(LocationEnumType.Inlet);
    }

    @Test
    void nonFiniteValuesAreLeftOutAndNothingLeftMeansNoMeterValue() {
        MeterReading glitch = new MeterReading(Instant.EPOCH, Double.NaN, Double.POSITIVE_INFINITY, 400, 1, null);
        assertThat(MeterSampler.sample(glitch, Measurands.SUPPORTED, ReadingContextEnumType.Trigger, 1))
                .extracting(SampledValueType::measurand)
                .containsExactly(MeasurandEnumType.Voltage, MeasurandEnumType.Current_Import);
        assertThat(MeterSampler.meterValue(glitch,
                List.of(MeasurandEnumType.Energy_Active_Import_Register, MeasurandEnumType.SoC),
                ReadingContextEnumType.Trigger, 1, T)).isEmpty();
    }

    @Test
    void valuesAreRoundedToThreeDecimals() {
        MeterReading noisy = new MeterReading(Instant.EPOCH, 0.1 + 0.2, 1.23456, 0, 0, null);
        assertThat(MeterSampler.sample(noisy,
                List.of(MeasurandEnumType.Energy_Active_Import_Register, MeasurandEnumType.Power_Active_Import),
                ReadingContextEnumType.Trigger, 1)).extracting(SampledValueType::value).containsExactly(0.3, 1.235);
    }

    @Test
    void meterValueCarriesTheGivenTimestampAndEncodesAsTheSchemaWants() {
        MeterValueType value = MeterSampler.meterValue(READING, Measurands.SUPPORTED,
                ReadingContextEnumType.Sample_Clock, 1, T).orElseThrow();
        assertThat(value.timestamp()).isEqualTo(T);

        MeterValuesRequest request = MeterValuesRequest.of(1, List.of(value));
        String json = OcppJson.write(request);
        assertThat(json).contains("\"timestamp\":\"2026-11-25T10:15:00.000Z\"", "\"context\":\"Sample.Clock\"",
                "\"measurand\":\"Energy.Active.Import.Register\"", "\"unitOfMeasure\":{\"unit\":\"Wh\"}",
                "\"location\":\"Outlet\"", "\"unit\":\"Percent\"");
        OcppSchemas.assertValid(request);
    }

    @Test
    void everySupportedMeasurandHasAStandardUnit() {
        assertThat(Measurands.SUPPORTED).extracting(MeterSampler::unit)
                .allSatisfy(u -> assertThat(u).isIn("Wh", "W", "V", "A", "Percent"));
    }
}
