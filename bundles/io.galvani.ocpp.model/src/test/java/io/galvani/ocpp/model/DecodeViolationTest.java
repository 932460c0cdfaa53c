package io.galvani.ocpp.model;

import static io.galvani.ocpp.model.OcppErrorCode.FormatViolation;
import static io.galvani.ocpp.model.OcppErrorCode.OccurrenceConstraintViolation;
import static io.galvani.ocpp.model.OcppErrorCode.PropertyConstraintViolation;
import static io.galvani.ocpp.model.OcppErrorCode.TypeConstraintViolation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galvani.ocpp.model.messages.AuthorizeRequest;
import io.galvani.ocpp.model.messages.BootNotificationRequest;
import io.galvani.ocpp.model.messages.HeartbeatResponse;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.messages.NotifyEVChargingNeedsRequest;
import org.junit.jupiter.api.Test;

/** Each schema violation maps to the OCPP-J error code of Part 4 and names the offending field. */
class DecodeViolationTest {
    private static final String BOOT = "{\"reason\":\"PowerUp\",\"chargingStation\":{\"model\":\"M\",\"vendorName\":\"V\"}}";

    @Test
    void notAnObjectIsFormatViolation() {
        assertViolation("[]", BootNotificationRequest.class, FormatViolation, "payload is not a JSON object");
        assertViolation("\"x\"", BootNotificationRequest.class, FormatViolation, "payload is not a JSON object");
        assertViolation("null", BootNotificationRequest.class, FormatViolation, "payload is not a JSON object");
        assertThat(catchThrowableOfType(PayloadViolation.class, () -> OcppJson.decode(null, BootNotificationRequest.class))
                .errorCode()).isEqualTo(FormatViolation);
    }

    @Test
    void unknownPropertyIsFormatViolation() {
        assertViolation(BOOT.replace("{\"reason\"", "{\"extra\":1,\"reason\""), BootNotificationRequest.class,
                FormatViolation, "extra: property not allowed");
        assertViolation(BOOT.replace("\"model\"", "\"colour\":\"red\",\"model\""), BootNotificationRequest.class,
                FormatViolation, "chargingStation.colour: property not allowed");
    }

    @Test
    void missingRequiredPropertyIsOccurrenceConstraintViolation() {
        assertViolation(BOOT.replace("\"reason\":\"PowerUp\",", ""), BootNotificationRequest.class,
                OccurrenceConstraintViolation, "reason: required property missing");
        assertViolation(BOOT.replace("\"model\":\"M\",", ""), BootNotificationRequest.class,
                OccurrenceConstraintViolation, "chargingStation.model: required property missing");
    }

    @Test
    void tooFewItemsIsOccurrenceConstraintViolation() {
        assertViolation("{\"evseId\":1,\"meterValue\":[]}", MeterValuesRequest.class,
                OccurrenceConstraintViolation, "meterValue: 0 items, minItems is 1");
    }

    @Test
    void tooManyItemsIsOccurrenceConstraintViolation() {
        ObjectNode json = (ObjectNode) OcppJson.encode(Samples.full(AuthorizeRequest.class));
        ArrayNode hashes = (ArrayNode) json.get("iso15118CertificateHashData");
        hashes.add(hashes.get(0)).add(hashes.get(0)).add(hashes.get(0));

        assertViolation(json, AuthorizeRequest.class, OccurrenceConstraintViolation,
                "iso15118CertificateHashData: 5 items, maxItems is 4");
    }

    @Test
    void wrongJsonTypeIsTypeConstraintViolation() {
        assertViolation(BOOT.replace("\"PowerUp\"", "7"), BootNotificationRequest.class,
                TypeConstraintViolation, "reason: expected string, got number");
        assertViolation(BOOT.replace("\"M\"", "{}"), BootNotificationRequest.class,
                TypeConstraintViolation, "chargingStation.model: expected string, got object");
        assertViolation(BOOT.replace("{\"model\":\"M\",\"vendorName\":\"V\"}", "\"station\""), BootNotificationRequest.class,
                TypeConstraintViolation, "chargingStation: expected object, got string");
        assertViolation("{\"evseId\":\"1\",\"meterValue\":[]}", MeterValuesRequest.class,
                TypeConstraintViolation, "evseId: expected integer, got string");
        assertViolation("{\"evseId\":1.5,\"meterValue\":[]}", MeterValuesRequest.class,
                TypeConstraintViolation, "evseId: expected integer, got number");
        assertViolation("{\"evseId\":4294967296,\"meterValue\":[]}", MeterValuesRequest.class,
                TypeConstraintViolation, "evseId: expected 32-bit integer, got number");
        assertViolation("{\"evseId\":1,\"meterValue\":{}}", MeterValuesRequest.class,
                TypeConstraintViolation, "meterValue: expected array, got object");
        assertViolation("{\"currentTime\":null}", HeartbeatResponse.class,
                TypeConstraintViolation, "currentTime: expected date-time string, got null");
    }

    @Test
    void unparsableDateTimeIsTypeConstraintViolation() {
        assertViolation("{\"currentTime\":\"2026-11-25 12:00\"}", HeartbeatResponse.class,
                TypeConstraintViolation, "currentTime: '2026-11-25 12:00' is not an RFC 3339 date-time");
        assertViolation("{\"currentTime\":\"2026-02-30T12:00:00Z\"}", HeartbeatResponse.class,
                TypeConstraintViolation, "currentTime: '2026-02-30T12:00:00Z' is not an RFC 3339 date-time");
    }

    @Test
    void tooLongStringIsPropertyConstraintViolation() {
        assertViolation(BOOT.replace("\"M\"", "\"" + "m".repeat(31) + "\""), BootNotificationRequest.class,
                PropertyConstraintViolation, "chargingStation.model: length 31 exceeds maxLength 20");
    }

    @Test
    void valueOutsideEnumIsPropertyConstraintViolation() {
        assertViolation(BOOT.replace("PowerUp", "powerUp"), BootNotificationRequest.class,
                PropertyConstraintViolation, "reason: 'powerUp' is not a BootReasonEnumType value");
    }

    @Test
    void numberOutsideRangeIsPropertyConstraintViolation() {
        ObjectNode json = (ObjectNode) OcppJson.encode(Samples.full(NotifyEVChargingNeedsRequest.class));
        ((ObjectNode) json.at("/chargingNeeds/dcChargingParameters")).put("stateOfCharge", 101);

        assertViolation(json, NotifyEVChargingNeedsRequest.class, PropertyConstraintViolation,
                "chargingNeeds.dcChargingParameters.stateOfCharge: 101 exceeds maximum 100");

        ((ObjectNode) json.at("/chargingNeeds/dcChargingParameters")).put("stateOfCharge", -1);
        assertViolation(json, NotifyEVChargingNeedsRequest.class, PropertyConstraintViolation,
                "chargingNeeds.dcChargingParameters.stateOfCharge: -1 is below minimum 0");
    }

    @Test
    void pathNamesArrayIndexes() {
        assertViolation("{\"evseId\":1,\"meterValue\":[{\"timestamp\":\"2026-11-25T12:00:00Z\",\"sampledValue\":"
                + "[{\"value\":1},{\"value\":1,\"measurand\":\"Energy\"}]}]}", MeterValuesRequest.class,
                PropertyConstraintViolation, "meterValue[0].sampledValue[1].measurand: 'Energy' is not a MeasurandEnumType value");
    }

    private static void assertViolation(String json, Class<?> type, OcppErrorCode code, String description) {
        try {
            assertViolation(OcppJson.mapper().readTree(json), type, code, description);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertViolation(JsonNode json, Class<?> type, OcppErrorCode code, String description) {
        PayloadViolation violation = catchThrowableOfType(PayloadViolation.class, () -> OcppJson.decode(json, type));
        assertThat(violation).as("decoding %s", json).isNotNull();
        assertThat(violation.errorCode()).isEqualTo(code);
        assertThat(violation.getMessage()).isEqualTo(description);
    }
}
