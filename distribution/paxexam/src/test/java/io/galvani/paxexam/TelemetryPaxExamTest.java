package io.galvani.paxexam;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * MQTT telemetry never endangers charging: misconfigured, stopped and uninstalled during a session in the real
 * station framework. Steps in {@link FaultSteps}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class TelemetryPaxExamTest extends FreshStationTest {

    @Test
    public void telemetryMisconfiguredStoppedAndUninstalledDuringASession_chargingAndOcppGoOn() throws Exception {
        new FaultSteps(context).telemetryGoesWrongDuringASession();
    }
}
