package io.galvani.metering.internal;

import java.util.List;

import io.galvani.ocpp.model.types.MeasurandEnumType;

/**
 * The parsed, immutable snapshot of {@link MeteringConfig} that the metering code works with: measurand
 * lists as supported {@link MeasurandEnumType}s, negative intervals (a hand-edited configuration) as 0.
 * A new snapshot replaces the old one on every configuration change, so readers never see half an update.
 */
record MeteringSettings(
        boolean sampledEnabled,
        List<MeasurandEnumType> txStartedMeasurands,
        List<MeasurandEnumType> txUpdatedMeasurands,
        int txUpdatedIntervalSeconds,
        List<MeasurandEnumType> txEndedMeasurands,
        int txEndedIntervalSeconds,
        boolean alignedEnabled,
        List<MeasurandEnumType> alignedMeasurands,
        int alignedIntervalSeconds,
        List<MeasurandEnumType> alignedTxEndedMeasurands,
        int alignedTxEndedIntervalSeconds,
        boolean sendDuringIdle) {

    MeteringSettings {
        txStartedMeasurands = List.copyOf(txStartedMeasurands);
        txUpdatedMeasurands = List.copyOf(txUpdatedMeasurands);
        txEndedMeasurands = List.copyOf(txEndedMeasurands);
        alignedMeasurands = List.copyOf(alignedMeasurands);
        alignedTxEndedMeasurands = List.copyOf(alignedTxEndedMeasurands);
        txUpdatedIntervalSeconds = Math.max(0, txUpdatedIntervalSeconds);
        txEndedIntervalSeconds = Math.max(0, txEndedIntervalSeconds);
        alignedIntervalSeconds = Math.max(0, alignedIntervalSeconds);
        alignedTxEndedIntervalSeconds = Math.max(0, alignedTxEndedIntervalSeconds);
    }

    static MeteringSettings from(MeteringConfig c) {
        return new MeteringSettings(
                c.sampledEnabled(),
                Measurands.parse(c.sampledTxStartedMeasurands()),
                Measurands.parse(c.sampledTxUpdatedMeasurands()),
                c.sampledTxUpdatedIntervalSeconds(),
                Measurands.parse(c.sampledTxEndedMeasurands()),
                c.sampledTxEndedIntervalSeconds(),
                c.alignedEnabled(),
                Measurands.parse(c.alignedMeasurands()),
                c.alignedIntervalSeconds(),
                Measurands.parse(c.alignedTxEndedMeasurands()),
                c.alignedTxEndedIntervalSeconds(),
                c.alignedSendDuringIdle());
    }

    /** Whether clock-aligned meter values are due at all: enabled and an interval > 0 (J01.FR.14). */
    boolean alignedActive() {
        return alignedEnabled && alignedIntervalSeconds > 0;
    }
}
