package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.FrameValidator;

/** Security profile 1: HTTP Basic authentication with the station id as user (A00.FR.2xx). */
class SecurityProfile1Test extends StationTestBase {
    private static final String PASSWORD = "Galvani-Test-Pass-1234";

    @Test
    void A00_basicAuthCarriesStationIdAndPassword() throws Exception {
        try (DemoCsms secured = securedCsms()) {
            java.nio.file.Path log = logFor("A00_basicAuth");
            station = StationUnderTest.with(secured, dataDir.resolve("a"), log)
                    .env("STATION_BASIC_AUTH_PASSWORD", PASSWORD).start();
            secured.awaitCall("BootNotification", WAIT);
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString((station.id() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(secured.lastHandshake(station.id()).orElseThrow().header("Authorization")).isEqualTo(expected);
            station.close();
            station = null;
            assertThat(java.nio.file.Files.readString(log)).as("the station's log")
                    .contains("BootNotification").doesNotContain(PASSWORD);
        }
    }

    @Test
    void A00_wrongPasswordIsRefusedAndTheStationKeepsTryingWithoutConnecting() throws Exception {
        try (DemoCsms secured = securedCsms()) {
            java.nio.file.Path log = logFor("A00_wrongPassword");
            station = StationUnderTest.with(secured, dataDir.resolve("b"), log)
                    .env("STATION_BASIC_AUTH_PASSWORD", "Not-The-Right-Password").start();
            // The CSMS answers 401 to every attempt; the station backs off and tries again.
            await().atMost(WAIT).until(() -> secured.lastHandshake(station.id())
                    .map(h -> h.status() == 401).orElse(false));
            assertThat(secured.connectionCount(station.id())).isZero();
            assertThat(station.get("/api/v1/status").at("/ocpp/connected").asBoolean()).isFalse();
            station.close();
            station = null;
            assertThat(java.nio.file.Files.readString(log)).as("the station's log")
                    .doesNotContain("Not-The-Right-Password");
        }
    }

    private static DemoCsms securedCsms() {
        return DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false).basicAuthPassword(PASSWORD)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
    }

    /** Deleted first, so that the assertions read this run's log only. */
    private static java.nio.file.Path logFor(String name) throws java.io.IOException {
        java.nio.file.Path log = java.nio.file.Path.of("target/station-logs", "SecurityProfile1Test." + name + ".log");
        java.nio.file.Files.deleteIfExists(log);
        return log;
    }
}
