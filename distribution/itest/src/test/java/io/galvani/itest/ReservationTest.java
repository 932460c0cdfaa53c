package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Reply;

/**
 * The Reservation profile (H01-H04) against the booted distribution over a real WebSocket: the CSMS reserves,
 * the station reports Reserved, refuses a stranger's card, lets the reservation's card (or one of its group)
 * charge with the reservationId in the TransactionEvent, expires, cancels and keeps reservations over a restart.
 * Every frame is validated against the official schemas (see {@link StationTestBase}).
 */
class ReservationTest extends StationTestBase {
    private static final String DRIVER = "04A2B3C4D5E6F7";
    private static final String COLLEAGUE = "04AABBCCDD0011";
    private static final String STRANGER = "0499887766554433";

    @Test
    void H01_H03_reservedEvse_strangerRefused_reservationsCardStartsWithTheReservationId() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        assertThat(reserve(11, 1, Duration.ofHours(1)).at("/status").asText()).isEqualTo("Accepted");
        awaitStatus(mark, "Reserved"); // H01.FR.23

        station.post("/api/v1/evses/1/plug", "", 200);
        present(STRANGER);
        await().atMost(WAIT).until(() -> "Reserved".equals(
                station.get("/api/v1/status").at("/evses/0/session/message").asText()));
        assertThat(events(mark)).as("no transaction for the stranger").isEmpty();
        assertThat(statuses(mark)).as("G01.FR.09: a cable in a reserved connector changes nothing")
                .containsExactly("Reserved");

        present(DRIVER);
        Frame started = awaitEvent(mark, "Started");
        assertThat(started.payload().at("/reservationId").asInt()).as("H01.FR.15").isEqualTo(11);
        assertThat(started.payload().at("/idToken/idToken").asText()).isEqualTo(DRIVER);
        awaitStatus(mark, "Occupied"); // H03.FR.10: consumed, the cable is in
        assertThat(cancel(11).at("/status").asText()).as("consumed: gone").isEqualTo("Rejected");
    }

    @Test
    void H03_FR_04_aCardOfTheReservationsGroup_mayUseTheReservedEvse() throws Exception {
        // The CSMS knows DRIVER and COLLEAGUE as members of fleet ACME.
        csms.onCall("Authorize", (stationId, id, payload) -> Reply.result(payload.at("/idToken/idToken").asText()
                .equals(STRANGER) ? "{\"idTokenInfo\":{\"status\":\"Accepted\"}}"
                        : "{\"idTokenInfo\":{\"status\":\"Accepted\",\"groupIdToken\":{\"idToken\":\"FLEET-ACME\","
                                + "\"type\":\"Central\"}}}"));
        bootAccepted();
        int mark = csms.mark();
        JsonNode answer = call("ReserveNow", "{\"id\":12,\"expiryDateTime\":\"" + in(Duration.ofHours(1))
                + "\",\"evseId\":1,\"idToken\":{\"idToken\":\"" + DRIVER + "\",\"type\":\"ISO14443\"},"
                + "\"groupIdToken\":{\"idToken\":\"FLEET-ACME\",\"type\":\"Central\"}}");
        assertThat(answer.at("/status").asText()).isEqualTo("Accepted");
        awaitStatus(mark, "Reserved");

        present(COLLEAGUE);
        awaitStatus(mark, "Available"); // consumed, no cable yet (H03.FR.10)
        station.post("/api/v1/evses/1/plug", "", 200);
        Frame started = awaitEvent(mark, "Started");
        assertThat(started.payload().at("/reservationId").asInt()).isEqualTo(12);
        assertThat(started.payload().at("/idToken/idToken").asText()).isEqualTo(COLLEAGUE);
    }

    @Test
    void H03_remoteStart_otherTokenRejected_reservationsTokenStartsWithTheReservationId() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        reserve(13, 1, Duration.ofHours(1));
        awaitStatus(mark, "Reserved");
        JsonNode refused = call("RequestStartTransaction",
                "{\"evseId\":1,\"remoteStartId\":1,\"idToken\":{\"idToken\":\"APP-1\",\"type\":\"Central\"}}");
        assertThat(refused.at("/status").asText()).isEqualTo("Rejected");
        assertThat(refused.at("/statusInfo/additionalInfo").asText()).contains("Reserved");

        station.post("/api/v1/evses/1/plug", "", 200);
        JsonNode accepted = call("RequestStartTransaction", "{\"evseId\":1,\"remoteStartId\":2,\"idToken\":{\"idToken\":\""
                + DRIVER + "\",\"type\":\"ISO14443\"}}");
        assertThat(accepted.at("/status").asText()).isEqualTo("Accepted");
        Frame started = awaitEvent(mark, "Started");
        assertThat(started.payload().at("/reservationId").asInt()).isEqualTo(13);
        assertThat(started.payload().at("/transactionInfo/remoteStartId").asInt()).isEqualTo(2);
    }

    @Test
    void H04_expiry_availableAgain_thenReservationStatusUpdateExpired() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        reserve(14, 1, Duration.ofSeconds(3));
        awaitStatus(mark, "Reserved");
        Frame update = awaitCall(mark, "ReservationStatusUpdate");
        assertThat(update.payload().at("/reservationId").asInt()).isEqualTo(14);
        assertThat(update.payload().at("/reservationUpdateStatus").asText()).isEqualTo("Expired");
        awaitStatus(mark, "Available"); // H04.FR.03
        present(STRANGER); // H04.FR.02: anybody may charge again
        station.post("/api/v1/evses/1/plug", "", 200);
        awaitEvent(mark, "Started");
    }

    @Test
    void H02_cancel_knownAcceptedAndAvailable_unknownRejected_H01_FR_16_faultRemoves() throws Exception {
        bootAccepted();
        int mark = csms.mark();
        reserve(15, 1, Duration.ofHours(1));
        awaitStatus(mark, "Reserved");
        assertThat(cancel(99).at("/status").asText()).as("H02.FR.01").isEqualTo("Rejected");
        assertThat(cancel(15).at("/status").asText()).as("H02.FR.02").isEqualTo("Accepted");
        awaitStatus(mark, "Available"); // H02.FR.04

        int beforeUnavailable = csms.mark();
        reserve(16, 1, Duration.ofHours(1));
        awaitStatus(beforeUnavailable, "Reserved");
        assertThat(call("ChangeAvailability", "{\"operationalStatus\":\"Inoperative\",\"evse\":{\"id\":1}}")
                .at("/status").asText()).isEqualTo("Accepted");
        Frame removed = awaitCall(beforeUnavailable, "ReservationStatusUpdate");
        assertThat(removed.payload().at("/reservationId").asInt()).isEqualTo(16);
        assertThat(removed.payload().at("/reservationUpdateStatus").asText()).as("H01.FR.17").isEqualTo("Removed");
        assertThat(reserve(17, 1, Duration.ofHours(1)).at("/status").asText()).as("H01.FR.14").isEqualTo("Unavailable");
    }

    @Test
    void ReservationCtrlr_nonEvseSpecificFalse_rejectsReservationsWithoutEvse() throws Exception {
        bootAccepted();
        assertThat(getVariable("Available")).isEqualTo("true");
        JsonNode set = call("SetVariables", "{\"setVariableData\":[{\"component\":{\"name\":\"ReservationCtrlr\"},"
                + "\"variable\":{\"name\":\"NonEvseSpecific\"},\"attributeValue\":\"false\"}]}");
        assertThat(set.at("/setVariableResult/0/attributeStatus").asText()).isEqualTo("Accepted");
        await().atMost(WAIT).untilAsserted(() -> assertThat(reserve(18, null, Duration.ofHours(1)).at("/status")
                .asText()).as("H01.FR.19").isEqualTo("Rejected"));
        call("SetVariables", "{\"setVariableData\":[{\"component\":{\"name\":\"ReservationCtrlr\"},"
                + "\"variable\":{\"name\":\"NonEvseSpecific\"},\"attributeValue\":\"true\"}]}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(reserve(18, null, Duration.ofHours(1)).at("/status")
                .asText()).as("H01.FR.04/18").isEqualTo("Accepted"));
    }

    @Test
    void H01_FR_20_noEvse_asManyReservationsAsFreeEvses_allHeld_strangerRefused_H02_FR_06_cancelFreesThem()
            throws Exception {
        station = station().env("STATION_VARIANT", "dual-dc480-shared").start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
        int mark = csms.mark();
        assertThat(reserve(31, null, Duration.ofHours(1)).at("/status").asText()).as("H01.FR.04").isEqualTo("Accepted");
        assertThat(reserve(32, null, Duration.ofHours(1)).at("/status").asText()).isEqualTo("Accepted");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(lastStatus(mark, 1)).isEqualTo("Reserved");
            assertThat(lastStatus(mark, 2)).isEqualTo("Reserved");
        });
        assertThat(statuses(mark)).as("nothing was held for the first one alone").containsOnly("Reserved").hasSize(2);
        assertThat(reserve(33, null, Duration.ofHours(1)).at("/status").asText()).as("H01.FR.11").isEqualTo("Occupied");
        assertThat(reserve(34, 1, Duration.ofHours(1)).at("/status").asText()).isEqualTo("Occupied");

        present(STRANGER);
        await().atMost(WAIT).until(() -> "Reserved".equals(
                station.get("/api/v1/status").at("/evses/0/session/message").asText()));

        int beforeCancel = csms.mark();
        assertThat(cancel(32).at("/status").asText()).isEqualTo("Accepted");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(lastStatus(beforeCancel, 1)).isEqualTo("Available");
            assertThat(lastStatus(beforeCancel, 2)).isEqualTo("Available");
        });
    }

    @Test
    void B01_FR_07_reservationSurvivesARestart_andOneThatExpiredMeanwhileIsReportedExpired() throws Exception {
        station = station().env("STATION_VARIANT", "dual-dc480-shared").start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
        int mark = csms.mark();
        reserve(21, 1, Duration.ofHours(1));
        reserve(22, 2, Duration.ofSeconds(4));
        await().atMost(WAIT).until(() -> statuses(mark).stream().filter("Reserved"::equals).count() == 2);
        station.close();
        station = null;

        int beforeRestart = csms.mark();
        station = station().env("STATION_VARIANT", "dual-dc480-shared").start();
        csms.awaitConnected(station.id(), WAIT);
        // Reserved persists over the reboot (B01.FR.07); 22 ends as Expired (before or after the restart, as the
        // timing falls), EVSE 2 is Available.
        await().atMost(WAIT).untilAsserted(() -> assertThat(lastStatus(beforeRestart, 1)).isEqualTo("Reserved"));
        Frame expired = csms.awaitFrame(mark, f -> f.isCall() && "ReservationStatusUpdate".equals(f.action())
                && f.payload().at("/reservationId").asInt() == 22, WAIT);
        assertThat(expired.payload().at("/reservationUpdateStatus").asText()).isEqualTo("Expired");
        await().atMost(WAIT).untilAsserted(() -> assertThat(lastStatus(beforeRestart, 2)).isEqualTo("Available"));

        station.post("/api/v1/rfid", "{\"idToken\":\"" + STRANGER + "\",\"type\":\"ISO14443\",\"evseId\":1}", 202);
        await().atMost(WAIT).until(() -> "Reserved".equals(
                station.get("/api/v1/status").at("/evses/0/session/message").asText()));
        assertThat(cancel(21).at("/status").asText()).isEqualTo("Accepted");
    }

    // ---- helpers ----

    private void bootAccepted() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);
    }

    private JsonNode reserve(int id, Integer evseId, Duration validFor) throws Exception {
        return call("ReserveNow", "{\"id\":" + id + ",\"expiryDateTime\":\"" + in(validFor) + "\""
                + (evseId == null ? "" : ",\"evseId\":" + evseId)
                + ",\"idToken\":{\"idToken\":\"" + DRIVER + "\",\"type\":\"ISO14443\"}}");
    }

    private JsonNode cancel(int id) throws Exception {
        return call("CancelReservation", "{\"reservationId\":" + id + "}");
    }

    private String getVariable(String variable) throws Exception {
        return call("GetVariables", "{\"getVariableData\":[{\"component\":{\"name\":\"ReservationCtrlr\"},"
                + "\"variable\":{\"name\":\"" + variable + "\"}}]}").at("/getVariableResult/0/attributeValue").asText();
    }

    private static String in(Duration d) {
        return Instant.now().plus(d).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    private void present(String card) throws Exception {
        station.post("/api/v1/rfid", "{\"idToken\":\"" + card + "\",\"type\":\"ISO14443\",\"evseId\":1}", 202);
    }

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private Frame awaitEvent(int since, String eventType) {
        return csms.awaitFrame(since, f -> f.isCall() && "TransactionEvent".equals(f.action())
                && eventType.equals(f.payload().at("/eventType").asText()), WAIT);
    }

    private java.util.List<Frame> events(int since) {
        java.util.List<Frame> all = csms.frames();
        return all.subList(Math.min(since, all.size()), all.size()).stream()
                .filter(f -> f.isCall() && "TransactionEvent".equals(f.action())).toList();
    }

    private Frame awaitStatus(int since, String status) {
        return csms.awaitFrame(since, f -> f.isCall() && "StatusNotification".equals(f.action())
                && f.payload().at("/evseId").asInt() == 1 && status.equals(f.payload().at("/connectorStatus").asText()),
                WAIT);
    }

    /** The connector statuses of EVSE 1 reported since {@code since}, in order. */
    private java.util.List<String> statuses(int since) {
        java.util.List<Frame> all = csms.frames();
        return all.subList(Math.min(since, all.size()), all.size()).stream()
                .filter(f -> f.isCall() && "StatusNotification".equals(f.action()))
                .map(f -> f.payload().at("/connectorStatus").asText()).toList();
    }

    private String lastStatus(int since, int evseId) {
        java.util.List<Frame> all = csms.frames();
        return all.subList(Math.min(since, all.size()), all.size()).stream()
                .filter(f -> f.isCall() && "StatusNotification".equals(f.action())
                        && f.payload().at("/evseId").asInt() == evseId)
                .map(f -> f.payload().at("/connectorStatus").asText()).reduce((a, b) -> b).orElse(null);
    }
}
