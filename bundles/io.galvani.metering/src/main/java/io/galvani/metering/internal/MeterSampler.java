package io.galvani.metering.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.galvani.hal.api.MeterReading;
import io.galvani.ocpp.model.types.LocationEnumType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.model.types.UnitOfMeasureType;

/**
 * Turns one HAL {@link MeterReading} into OCPP sampled values: one {@link SampledValueType} per requested
 * measurand the reading has, each with measurand, context, location and unit, without phase (DC). Shared
 * by clock-aligned MeterValues, TriggerMessage and the TransactionEvent meter values, so every
 * message reports a reading alike. Stateless and thread-safe.
 *
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>Measurand</th><th>Reading</th><th>Unit</th><th>Location</th></tr>
 * <tr><td>Energy.Active.Import.Register</td><td>energyImportWh</td><td>Wh</td><td>Outlet (Inlet for EVSE 0)</td></tr>
 * <tr><td>Power.Active.Import</td><td>powerW</td><td>W</td><td>Outlet (Inlet for EVSE 0)</td></tr>
 * <tr><td>Voltage</td><td>voltageV</td><td>V</td><td>Outlet (Inlet for EVSE 0)</td></tr>
 * <tr><td>Current.Import</td><td>currentA</td><td>A</td><td>Outlet (Inlet for EVSE 0)</td></tr>
 * <tr><td>SoC</td><td>stateOfChargePct</td><td>Percent</td><td>EV; omitted when unknown and for EVSE 0</td></tr>
 * </table>
 * A value that is not finite (a meter glitch) is omitted rather than sent as an invalid number. Values are
 * rounded to 3 decimals so that binary floating-point noise does not reach the CSMS.
 */
final class MeterSampler {
    /** evseId of the station's main (grid) meter (J01.FR.03). */
    static final int MAIN_METER = 0;
    private static final int DECIMALS = 3;

    private MeterSampler() {
    }

    /**
     * The sampled values of {@code reading} for {@code measurands}, in their order; those the reading does
     * not have are left out, so the result may be empty.
     *
     * @param evseId the EVSE the meter measures (0 = main meter: location Inlet, no SoC)
     */
    static List<SampledValueType> sample(MeterReading reading, List<MeasurandEnumType> measurands,
            ReadingContextEnumType context, int evseId) {
        LocationEnumType location = evseId == MAIN_METER ? LocationEnumType.Inlet : LocationEnumType.Outlet;
        List<SampledValueType> values = new ArrayList<>(measurands.size());
        for (MeasurandEnumType m : measurands) {
            Double raw = switch (m) {
                case Energy_Active_Import_Register -> reading.energyImportWh();
                case Power_Active_Import -> reading.powerW();
                case Voltage -> reading.voltageV();
                case Current_Import -> reading.currentA();
                case SoC -> evseId == MAIN_METER ? null : reading.stateOfChargePct();
                default -> null;
            };
            if (raw == null || !Double.isFinite(raw)) {
                continue;
            }
            values.add(SampledValueType.of(round(raw))
                    .withContext(context)
                    .withMeasurand(m)
                    .withLocation(m == MeasurandEnumType.SoC ? LocationEnumType.EV : location)
                    .withUnitOfMeasure(UnitOfMeasureType.of().withUnit(unit(m))));
        }
        return values;
    }

    /**
     * One MeterValue of {@code reading} stamped {@code timestamp}, or empty when none of the measurands is
     * in the reading (a MeterValue needs at least one sampled value).
     */
    static Optional<MeterValueType> meterValue(MeterReading reading, List<MeasurandEnumType> measurands,
            ReadingContextEnumType context, int evseId, Instant timestamp) {
        List<SampledValueType> values = sample(reading, measurands, context, evseId);
        return values.isEmpty() ? Optional.empty() : Optional.of(MeterValueType.of(timestamp, values));
    }

    /** The unit of a supported measurand (Part 2 Appendix 2, Standardized Units of Measure). */
    static String unit(MeasurandEnumType measurand) {
        return switch (measurand) {
            case Energy_Active_Import_Register -> "Wh";
            case Power_Active_Import -> "W";
            case Voltage -> "V";
            case Current_Import -> "A";
            case SoC -> "Percent";
            default -> throw new IllegalArgumentException("unsupported measurand " + measurand);
        };
    }

    private static double round(double v) {
        return BigDecimal.valueOf(v).setScale(DECIMALS, RoundingMode.HALF_UP).doubleValue();
    }
}
