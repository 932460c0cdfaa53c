package io.galvani.transactions.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TransactionType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;

/**
 * The Ended event of a transaction the station found still open when it started: the power was cut (or
 * the process killed) while it ran, so no energy can have flowed since. triggerReason AbnormalCondition,
 * stoppedReason PowerLoss, the seqNo the record says is next (so no gap and no reuse), the meter values
 * collected for the Ended event plus the meter's register now. timeSpentCharging counts a charging period
 * still open at the cut up to the last sample stored with the record (the last moment known to have charged).
 */
final class PowerLossEnd {
    private PowerLossEnd() {
    }

    static TransactionEventRequest event(TransactionRecord record, Instant now, Optional<MeterValueType> endValue,
            boolean offline) {
        TransactionType info = TransactionType.of(record.transactionId)
                .withChargingState(ChargingStateEnumType.Idle)
                .withStoppedReason(ReasonEnumType.PowerLoss)
                .withTimeSpentCharging((int) Math.min(Integer.MAX_VALUE, timeSpentCharging(record)));
        TransactionEventRequest event = TransactionEventRequest.of(TransactionEventEnumType.Ended, now,
                TriggerReasonEnumType.AbnormalCondition, record.nextSeqNo, info);
        List<MeterValueType> meter = new ArrayList<>(record.endedMeterValues);
        endValue.ifPresent(meter::add);
        if (!meter.isEmpty()) {
            event = event.withMeterValue(meter);
        }
        if (!record.evseReported) {
            EVSEType evse = EVSEType.of(record.evseId);
            event = event.withEvse(record.connectorId == null ? evse : evse.withConnectorId(record.connectorId));
        }
        return offline ? event.withOffline(true) : event;
    }

    private static long timeSpentCharging(TransactionRecord record) {
        if (record.chargingSince == null) {
            return record.chargingSeconds;
        }
        Instant lastKnown = record.endedMeterValues.stream().map(MeterValueType::timestamp)
                .max(Comparator.naturalOrder()).orElse(record.chargingSince);
        return record.timeSpentCharging(lastKnown.isAfter(record.chargingSince) ? lastKnown : record.chargingSince);
    }
}
