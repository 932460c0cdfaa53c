package io.galvani.paxexam;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * Fault isolation in the real station framework with the CSMS connected: driver bundles that throw or hang in
 * activate, leak a thread, or throw from every call; every Galvani bundle stopped and started without leftovers;
 * the RFID, display and meter drivers swapped while a transaction runs. Steps in {@link FaultSteps} (names only
 * JDK/OSGi/JUnit types here, see {@link StationPaxExamTest}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class FaultIsolationPaxExamTest extends FreshStationTest {

    @Test
    public void N07_activationThatThrowsIsRetriedWithBackOffAndReported() throws Exception {
        new FaultSteps(context).activationThatThrowsIsRetriedWithBackOffAndReported();
    }

    @Test
    public void hangingActivationIsInterruptedAndRetried() throws Exception {
        new FaultSteps(context).hangingActivationIsInterruptedAndRetried();
    }

    @Test
    public void threadLeftByAStoppedBundleIsReportedAndInterrupted() throws Exception {
        new FaultSteps(context).threadLeftByAStoppedBundleIsReportedAndInterrupted();
    }

    @Test
    public void G01_driverWhoseCallsThrowOrThatLeavesMakesItsConnectorFaulted() throws Exception {
        new FaultSteps(context).driverWhoseCallsThrowIsContained();
    }

    @Test
    public void everyGalvaniBundleStopsWithoutLeavingThreads() throws Exception {
        new FaultSteps(context).everyGalvaniBundleStopsWithoutLeavingThreads();
    }

    @Test
    public void E_driversSwappedDuringASession_transactionContinues() throws Exception {
        new FaultSteps(context).driversSwappedDuringASession();
    }
}
