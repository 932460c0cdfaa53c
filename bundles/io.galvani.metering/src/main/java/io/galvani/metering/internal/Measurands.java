package io.galvani.metering.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.MeasurandEnumType;

/**
 * The measurands a HAL {@code MeterReading} provides, and the parsing of the comma-separated measurand
 * lists of SampledDataCtrlr and AlignedDataCtrlr.
 */
final class Measurands {
    private static final Logger logger = LoggerFactory.getLogger(Measurands.class);

    /** What we can measure, in the order of the valuesList the device model reports. */
    static final List<MeasurandEnumType> SUPPORTED = List.of(
            MeasurandEnumType.Energy_Active_Import_Register,
            MeasurandEnumType.Power_Active_Import,
            MeasurandEnumType.Voltage,
            MeasurandEnumType.Current_Import,
            MeasurandEnumType.SoC);

    private static final Set<MeasurandEnumType> SUPPORTED_SET = Collections.unmodifiableSet(EnumSet.copyOf(SUPPORTED));

    private Measurands() {
    }

    /** The valuesList of the measurand variables: {@link #SUPPORTED} as OCPP text. */
    static String[] valuesList() {
        return SUPPORTED.stream().map(MeasurandEnumType::value).toArray(String[]::new);
    }

    /** Longest possible list: every supported measurand once; the maxLimit of the list variables. */
    static int maxListLength() {
        return String.join(",", valuesList()).length();
    }

    /**
     * The measurands of a comma-separated list, in its order, each once. Blank entries are ignored; an
     * entry that is no measurand we support is dropped with a warning (the device model only writes
     * supported ones, so that means a hand-edited configuration).
     */
    static List<MeasurandEnumType> parse(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        List<MeasurandEnumType> result = new ArrayList<>();
        for (String entry : csv.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            MeasurandEnumType m;
            try {
                m = MeasurandEnumType.fromValue(name);
            } catch (IllegalArgumentException e) {
                m = null;
            }
            if (m == null || !SUPPORTED_SET.contains(m)) {
                logger.warn("Measurand '{}' is not supported and is ignored; supported: {}", name,
                        String.join(",", valuesList()));
            } else if (!result.contains(m)) {
                result.add(m);
            }
        }
        return List.copyOf(result);
    }
}
