package io.galvani.metering.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.galvani.hal.api.MeterReading;
import io.galvani.ocpp.model.types.MeterValueType;

/**
 * The meter values of TransactionEvents (J02, E01/E02, E06), from the EVSE's HAL energy meter and
 * the SampledDataCtrlr / AlignedDataCtrlr settings. Provided by the metering bundle.
 */
@ProviderType
public interface TransactionMeterValues {

    /**
     * One MeterValue of the EVSE's meter now, with the measurands and context of {@code kind}, stamped
     * {@code timestamp}; empty when SampledDataCtrlr (or AlignedDataCtrlr for ENDED_CLOCK) is disabled,
     * no measurand is configured, or the EVSE has no working meter. The energy register never goes
     * backwards (J02.FR.16), also not between this and the station's MeterValues.
     *
     * @param evseId the EVSE of the transaction, 1 and up (J02.FR.22); below 1 (EVSE not known yet,
     *        E01.FR.17) gives empty
     */
    Optional<MeterValueType> sample(int evseId, TransactionSample kind, Instant timestamp);

    /** The raw reading of the EVSE's meter now, for energy accounting and the display; empty without a working meter. */
    Optional<MeterReading> reading(int evseId);

    /** SampledDataCtrlr.TxUpdatedInterval; zero = no periodic Updated meter values (also while disabled). */
    Duration txUpdatedInterval();

    /** SampledDataCtrlr.TxEndedInterval; zero = no periodic samples for the Ended event (also while disabled). */
    Duration txEndedInterval();

    /** AlignedDataCtrlr.TxEndedInterval; zero = no clock-aligned samples for the Ended event (also while disabled). */
    Duration alignedTxEndedInterval();
}
