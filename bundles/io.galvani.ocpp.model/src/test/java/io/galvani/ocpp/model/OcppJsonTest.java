package io.galvani.ocpp.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.DataTransferRequest;
import io.galvani.ocpp.model.messages.HeartbeatRequest;
import io.galvani.ocpp.model.messages.HeartbeatResponse;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.ChargingStationType;
import io.galvani.ocpp.model.types.ConnectorEnumType;
import io.galvani.ocpp.model.types.CustomDataType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.PhaseEnumType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OcppJsonTest {

    @Test
    void encodesOnlyPresentFieldsInSchemaOrder() {
        BootNotificationRequest boot = BootNotificationRequest.of(BootReasonEnumType.PowerUp,
                ChargingStationType.of("Model", "Vendor").withSerialNumber("S1"));

        assertThat(OcppJson.write(boot)).isEqualTo(
                "{\"chargingStation\":{\"serialNumber\":\"S1\",\"model\":\"Model\",\"vendorName\":\"Vendor\"},"
                        + "\"reason\":\"PowerUp\"}");
        assertThat(boot.ocppAction()).isEqualTo("BootNotification");
    }

    @Test
    void encodesDateTimeAsUtcWithMilliseconds() {
        assertThat(OcppJson.write(HeartbeatResponse.of(Instant.parse("2026-11-25T12:00:00Z"))))
                .isEqualTo("{\"currentTime\":\"2026-11-25T12:00:00.000Z\"}");
        assertThat(OcppJson.write(HeartbeatResponse.of(Instant.parse("2026-11-25T12:00:00.123456789Z"))))
                .isEqualTo("{\"currentTime\":\"2026-11-25T12:00:00.123Z\"}");
    }

    @Test
    void decodesAnyRfc3339Offset() throws Exception {
        for (String text : new String[] {"2026-11-25T13:00:00+01:00", "2026-11-25t12:00:00z",
                "2026-11-25T07:30:00.000000-04:30", "2026-11-25T12:00:00Z"}) {
            JsonNode json = OcppJson.mapper().readTree("{\"currentTime\":\"" + text + "\"}");
            assertThat(OcppJson.decode(json, HeartbeatResponse.class).currentTime())
                    .as(text).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        }
    }

    @Test
    void enumsUseTheSchemaStrings() throws Exception {
        assertThat(OcppJson.encode(MeasurandEnumType.Energy_Active_Import_Register).textValue())
                .isEqualTo("Energy.Active.Import.Register");
        assertThat(OcppJson.encode(PhaseEnumType.L1_N).textValue()).isEqualTo("L1-N");
        assertThat(OcppJson.encode(ConnectorEnumType.s309_1P_16A).textValue()).isEqualTo("s309-1P-16A");
        assertThat(ConnectorEnumType.fromValue("cCCS1")).isEqualTo(ConnectorEnumType.cCCS1);
        assertThat(OcppJson.mapper().readValue("\"sCEE-7-7\"", ConnectorEnumType.class))
                .isEqualTo(ConnectorEnumType.sCEE_7_7);
    }

    @Test
    void keepsUnknownCustomDataPropertiesThroughDecodeAndEncode() throws Exception {
        String text = "{\"customData\":{\"vendorId\":\"com.example\",\"tariff\":{\"eur\":0.42},\"tags\":[1,\"a\"]}}";

        HeartbeatRequest decoded = OcppJson.decode(OcppJson.mapper().readTree(text), HeartbeatRequest.class);

        assertThat(decoded.customData().vendorId()).isEqualTo("com.example");
        assertThat(decoded.customData().additionalProperties()).containsOnlyKeys("tariff", "tags");
        assertThat(OcppJson.write(decoded)).isEqualTo(text);
        assertThat(decoded).isEqualTo(new HeartbeatRequest().withCustomData(CustomDataType.of("com.example")
                .withAdditionalProperty("tariff", JsonNodeFactory.instance.objectNode().put("eur", 0.42))
                .withAdditionalProperty("tags", JsonNodeFactory.instance.arrayNode().add(1).add("a"))));
    }

    @Test
    void dataTransferDataIsAnyJsonValue() throws Exception {
        for (String data : new String[] {"\"text\"", "12", "null", "[1,{\"a\":true}]"}) {
            String text = "{\"data\":" + data + ",\"vendorId\":\"v\"}";
            DataTransferRequest decoded = OcppJson.decode(OcppJson.mapper().readTree(text), DataTransferRequest.class);
            assertThat(OcppJson.write(decoded)).isEqualTo(text);
        }
    }

    @Test
    void integralFloatIsAnInteger() throws Exception {
        JsonNode json = OcppJson.mapper().readTree("{\"evseId\":1.0,\"meterValue\":[{\"timestamp\":"
                + "\"2026-11-25T12:00:00Z\",\"sampledValue\":[{\"value\":230.5}]}]}");
        assertThat(OcppJson.decode(json, io.galvani.ocpp.model.messages.MeterValuesRequest.class).evseId()).isEqualTo(1);
    }
}
