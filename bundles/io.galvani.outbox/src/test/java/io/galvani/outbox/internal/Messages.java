package io.galvani.outbox.internal;

import java.time.Instant;
import java.util.List;

import io.galvani.ocpp.model.messages.StatusNotificationRequest;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ConnectorStatusEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TransactionType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;

/** Realistic requests for the tests; each is checked against the official schema where it is sent. */
final class Messages {
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    static final String TX = "9f1c2b7e-0d4a-4c55-8a0e-3d2f6b1a7c90";
    static final String ID_TOKEN = "04A2B3C4D5E6F7";

    private Messages() {
    }

    static TransactionEventRequest started(int seqNo) {
        return TransactionEventRequest.of(TransactionEventEnumType.Started, T0.plusSeconds(seqNo),
                TriggerReasonEnumType.Authorized, seqNo, TransactionType.of(TX))
                .withEvse(EVSEType.of(1).withConnectorId(1))
                .withIdToken(IdTokenType.of(ID_TOKEN, IdTokenEnumType.ISO14443));
    }

    /** A meter-value-only Updated event: the kind a full store may thin (J02.FR.12). */
    static TransactionEventRequest updated(int seqNo) {
        Instant at = T0.plusSeconds(60L * seqNo);
        return TransactionEventRequest.of(TransactionEventEnumType.Updated, at, TriggerReasonEnumType.MeterValuePeriodic,
                seqNo, TransactionType.of(TX))
                .withMeterValue(List.of(MeterValueType.of(at, List.of(SampledValueType.of(1000.0 * seqNo)
                        .withMeasurand(MeasurandEnumType.Energy_Active_Import_Register)
                        .withContext(ReadingContextEnumType.Sample_Periodic)))));
    }

    static TransactionEventRequest ended(int seqNo) {
        return TransactionEventRequest.of(TransactionEventEnumType.Ended, T0.plusSeconds(3600 + seqNo),
                TriggerReasonEnumType.StopAuthorized, seqNo, TransactionType.of(TX))
                .withIdToken(IdTokenType.of(ID_TOKEN, IdTokenEnumType.ISO14443));
    }

    static StatusNotificationRequest status(int evse) {
        return StatusNotificationRequest.of(T0, ConnectorStatusEnumType.Occupied, evse, 1);
    }
}
