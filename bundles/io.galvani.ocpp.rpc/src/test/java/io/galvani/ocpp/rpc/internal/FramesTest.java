package io.galvani.ocpp.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TransactionType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;

class FramesTest {

    @Test
    void aCallWrittenStraightFromTheRecord_isTheSameTextAsOneWrittenThroughAJsonTree() {
        TransactionEventRequest event = TransactionEventRequest.of(TransactionEventEnumType.Updated,
                Instant.parse("2026-12-05T12:00:00.123456Z"), TriggerReasonEnumType.MeterValuePeriodic, 7,
                TransactionType.of("tx-\"1\"").withChargingState(ChargingStateEnumType.Charging))
                .withOffline(true)
                .withMeterValue(List.of(MeterValueType.of(Instant.parse("2026-12-05T12:00:00Z"),
                        List.of(SampledValueType.of(1234.5).withContext(ReadingContextEnumType.Sample_Periodic)))));

        String direct = Frames.call("id-1", "TransactionEvent", event);

        com.fasterxml.jackson.databind.node.ArrayNode tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .arrayNode().add(Frames.CALL).add("id-1").add("TransactionEvent").add(OcppJson.encode(event));
        assertThat(direct).isEqualTo(Frames.write(tree));
        assertThat(direct).startsWith("[2,\"id-1\",\"TransactionEvent\",{").contains("\"2026-12-05T12:00:00.123Z\"")
                .doesNotContain("null");
    }
}
