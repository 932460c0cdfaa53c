package io.galvani.csms.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The default script: what a believable CSMS answers. */
class DefaultRepliesTest extends CsmsTestBase {

    static final String RFC3339_MILLIS_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    TestStation station;

    @BeforeEach
    void connectStation() throws Exception {
        station = connect();
    }

    @AfterEach
    void closeStation() {
        station.close();
    }

    @Test
    void bootNotificationAccepted() throws Exception {
        JsonNode answer = station.call("BootNotification",
                "{\"reason\":\"PowerUp\",\"chargingStation\":{\"model\":\"DC50\",\"vendorName\":\"Galvani\"}}");
        assertThat(answer.get(0).intValue()).isEqualTo(3);
        JsonNode payload = answer.get(2);
        assertThat(payload.get("status").asText()).isEqualTo("Accepted");
        assertThat(payload.get("interval").intValue()).isEqualTo(300);
        assertThat(payload.get("currentTime").asText()).matches(RFC3339_MILLIS_UTC);
        assertThat(Instant.parse(payload.get("currentTime").asText()))
                .isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(1));
    }

    @Test
    void heartbeatGivesCurrentTime() throws Exception {
        JsonNode payload = station.call("Heartbeat", "{}").get(2);
        assertThat(payload.get("currentTime").asText()).matches(RFC3339_MILLIS_UTC);
        assertThat(payload.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "StatusNotification", "MeterValues", "NotifyReport", "NotifyEvent",
            "SecurityEventNotification", "FirmwareStatusNotification", "LogStatusNotification",
            "NotifyMonitoringReport" })
    void notificationsGetEmptyResult(String action) throws Exception {
        JsonNode answer = station.call(action, "{}");
        assertThat(answer.get(0).intValue()).isEqualTo(3);
        assertThat(answer.get(2).isObject()).isTrue();
        assertThat(answer.get(2).size()).isZero();
    }

    @Test
    void authorizeAccepted() throws Exception {
        JsonNode payload = station.call("Authorize", "{\"idToken\":{\"idToken\":\"CAFE\",\"type\":\"ISO14443\"}}").get(2);
        assertThat(payload.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
    }

    @Test
    void transactionEventWithIdTokenGetsIdTokenInfo() throws Exception {
        JsonNode with = station.call("TransactionEvent",
                "{\"eventType\":\"Started\",\"idToken\":{\"idToken\":\"CAFE\",\"type\":\"ISO14443\"}}").get(2);
        JsonNode without = station.call("TransactionEvent", "{\"eventType\":\"Updated\"}").get(2);
        assertThat(with.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
        assertThat(without.size()).isZero();
    }

    @Test
    void dataTransferUnknownVendorAndSignCertificateAccepted() throws Exception {
        assertThat(station.call("DataTransfer", "{\"vendorId\":\"x\"}").at("/2/status").asText())
                .isEqualTo("UnknownVendorId");
        assertThat(station.call("SignCertificate", "{\"csr\":\"x\"}").at("/2/status").asText()).isEqualTo("Accepted");
    }

    @Test
    void unknownActionIsNotImplemented() throws Exception {
        JsonNode answer = station.call("FooBar", "{}");
        assertThat(answer.get(0).intValue()).isEqualTo(4);
        assertThat(answer.get(2).asText()).isEqualTo("NotImplemented");
        assertThat(answer.get(4).isObject()).isTrue();
        Frame recorded = csms.awaitFrame(f -> f.isCallError(), Duration.ofSeconds(1));
        assertThat(recorded.action()).isEqualTo("FooBar");
        assertThat(recorded.errorCode()).isEqualTo("NotImplemented");
    }
}
