package io.galvani.metering.api;

/** Which configured measurands, and which reading context, a transaction meter value is for. */
public enum TransactionSample {
    /** SampledDataCtrlr.TxStartedMeasurands, context Transaction.Begin. */
    STARTED,
    /** SampledDataCtrlr.TxUpdatedMeasurands, context Sample.Periodic. */
    UPDATED,
    /** SampledDataCtrlr.TxEndedMeasurands sampled every TxEndedInterval, context Sample.Periodic. */
    ENDED_PERIODIC,
    /** SampledDataCtrlr.TxEndedMeasurands at the end, context Transaction.End. */
    ENDED,
    /** AlignedDataCtrlr.TxEndedMeasurands sampled at each clock-aligned TxEndedInterval, context Sample.Clock. */
    ENDED_CLOCK,
    /** SampledDataCtrlr.TxUpdatedMeasurands for TriggerMessage(TransactionEvent), context Trigger. */
    TRIGGER
}
