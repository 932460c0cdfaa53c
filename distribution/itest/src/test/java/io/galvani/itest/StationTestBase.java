package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.csms.demo.Pki;
import io.galvani.csms.demo.Replies;

/** A fresh test CSMS per test, validating every frame against the official schemas. */
abstract class StationTestBase {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    DemoCsms csms;
    StationUnderTest station;

    private String testName;

    @BeforeEach
    void startCsms(org.junit.jupiter.api.TestInfo info) {
        testName = info.getTestClass().map(Class::getSimpleName).orElse("") + "."
                + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        // Read by logback-test.xml: the station also writes its log files into its data dir, as in the field.
        System.setProperty("galvani.test.datadir", dataDir.toString());
        csms = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (station != null) {
                station.close();
            }
        } finally {
            csms.close();
        }
        // What the station sent must conform; what the tests sent on purpose (malformed frames) need not, and a
        // CALLERROR answering such a frame (e.g. id "-1") legitimately matches no CALL of the CSMS.
        assertThat(csms.violations()).filteredOn(f -> f.dir() == Direction.TO_CSMS)
                .filteredOn(f -> !(f.isCallError() && f.violations().stream().allMatch(v -> v.startsWith("No outstanding"))))
                .as("frames from the station that break OCPP-J framing or the OCPP 2.0.1 schemas").isEmpty();
    }

    StationUnderTest.Builder station() {
        return StationUnderTest.with(csms, dataDir, Path.of("target/station-logs", testName + ".log"));
    }

    Frame awaitCall(int since, String action) {
        return csms.awaitCall(since, action, WAIT);
    }

    /** A station booted (Accepted) that trusts {@code manufacturer}'s root for firmware signing certificates. */
    void bootWithManufacturerRoot(Pki manufacturer) throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().start();
        awaitCall(0, "StatusNotification");
        String install = new ObjectMapper().createObjectNode().put("certificateType", "ManufacturerRootCertificate")
                .put("certificate", Pki.pem(manufacturer.root())).toString();
        JsonNode answer = csms.call(station.id(), "InstallCertificate", install).get(WAIT.toSeconds(),
                TimeUnit.SECONDS);
        assertThat(answer.at("/status").asText()).isEqualTo("Accepted");
    }
}
