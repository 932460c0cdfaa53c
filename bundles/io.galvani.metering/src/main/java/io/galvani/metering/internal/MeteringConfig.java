package io.galvani.metering.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code io.galvani.metering}. Every attribute is also a device-model variable
 * ({@link MeteringVariables}) of SampledDataCtrlr or AlignedDataCtrlr: SetVariables writes it here and
 * {@link MeteringComponent} applies it live, so these defaults are the defaults the device model reports.
 * Measurand lists are comma-separated MeasurandEnumType values out of {@link Measurands#SUPPORTED}; their
 * defaults are those of the certified reference product's PICS (C-40.1 to C-40.5): the energy register
 * everywhere, and every measurand of the DC meter in TxUpdated.
 */
@ObjectClassDefinition(name = "Galvani metering",
        description = "Sampled (transaction) and clock-aligned meter values: SampledDataCtrlr and AlignedDataCtrlr")
public @interface MeteringConfig {

    @AttributeDefinition(description = "SampledDataCtrlr.Enabled: transaction meter values are sampled")
    boolean sampledEnabled() default true;

    @AttributeDefinition(description = "SampledDataCtrlr.TxStartedMeasurands: measurands of TransactionEvent Started")
    String sampledTxStartedMeasurands() default "Energy.Active.Import.Register";

    @AttributeDefinition(description = "SampledDataCtrlr.TxUpdatedMeasurands: measurands of TransactionEvent Updated "
            + "every TxUpdatedInterval")
    String sampledTxUpdatedMeasurands() default "Energy.Active.Import.Register,Power.Active.Import,SoC,Voltage,"
            + "Current.Import";

    @AttributeDefinition(description = "SampledDataCtrlr.TxUpdatedInterval: seconds between Updated meter values; "
            + "0 = none", min = "0")
    int sampledTxUpdatedIntervalSeconds() default 60;

    @AttributeDefinition(description = "SampledDataCtrlr.TxEndedMeasurands: measurands of TransactionEvent Ended")
    String sampledTxEndedMeasurands() default "Energy.Active.Import.Register";

    @AttributeDefinition(description = "SampledDataCtrlr.TxEndedInterval: seconds between samples collected for "
            + "TransactionEvent Ended; 0 = start and end values only (recommended)", min = "0")
    int sampledTxEndedIntervalSeconds() default 0;

    @AttributeDefinition(description = "SampledDataCtrlr.RegisterValuesWithoutPhases: energy registers without "
            + "per-phase values. A DC meter has no phases, so either value reports the total only")
    boolean sampledRegisterValuesWithoutPhases() default true;

    @AttributeDefinition(description = "AlignedDataCtrlr.Enabled: clock-aligned meter values are sent")
    boolean alignedEnabled() default true;

    @AttributeDefinition(description = "AlignedDataCtrlr.Measurands: measurands of clock-aligned MeterValues and of "
            + "TriggerMessage(MeterValues)")
    String alignedMeasurands() default "Energy.Active.Import.Register";

    @AttributeDefinition(description = "AlignedDataCtrlr.Interval: seconds between clock-aligned meter values, "
            + "aligned to midnight UTC; 0 = none", min = "0")
    int alignedIntervalSeconds() default 900;

    @AttributeDefinition(description = "AlignedDataCtrlr.TxEndedMeasurands: clock-aligned measurands of "
            + "TransactionEvent Ended; empty = none")
    String alignedTxEndedMeasurands() default "Energy.Active.Import.Register";

    @AttributeDefinition(description = "AlignedDataCtrlr.TxEndedInterval: seconds between clock-aligned samples "
            + "collected for TransactionEvent Ended; 0 = none", min = "0")
    int alignedTxEndedIntervalSeconds() default 0;

    @AttributeDefinition(description = "AlignedDataCtrlr.SendDuringIdle: true = clock-aligned meter values only "
            + "while no transaction runs on the station (J01.FR.20)")
    boolean alignedSendDuringIdle() default false;
}
