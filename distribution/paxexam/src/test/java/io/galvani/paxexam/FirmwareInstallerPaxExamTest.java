package io.galvani.paxexam;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * The firmware installer (io.galvani.firmware.installer) in the station's real framework: images made from the
 * distribution's own jars with one bundle rewritten, installed live against a demo CSMS. Like
 * {@link StationPaxExamTest}, this class names no Galvani type; the steps are in {@link FirmwareSteps}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class FirmwareInstallerPaxExamTest extends FreshStationTest {

    @Test
    public void L01_oneDriverChanged_onlyItRestarts_linkNeverDrops() throws Exception {
        new FirmwareSteps(context).oneDriverSwapsLive();
    }

    @Test
    public void activatorFailure_rolledBack_installationFailed() throws Exception {
        new FirmwareSteps(context).activatorFailureRollsBack();
    }

    @Test
    public void componentActivationFailure_rolledBack_installationFailed() throws Exception {
        new FirmwareSteps(context).componentFailureRollsBack();
    }

    @Test
    public void unresolvableSet_refusedByCheck_nothingChanged() throws Exception {
        new FirmwareSteps(context).unresolvableSetRefused();
    }

    @Test
    public void healthCheckFailure_rolledBack_verificationFailed() throws Exception {
        new FirmwareSteps(context).healthCheckFailureRollsBack();
    }

    @Test
    public void powerPathChange_waitsWhileASessionRuns() throws Exception {
        new FirmwareSteps(context).powerPathWaitsForIdle();
    }

    @Test
    public void journalOfAnInterruptedInstallation_rolledBackAtTheNextStart() throws Exception {
        new FirmwareSteps(context).journalRecovery();
    }

    @Test
    public void journalAfterTheSwap_healthCheckedAndKeptAtTheNextStart() throws Exception {
        new FirmwareSteps(context).journalRecoveryAfterTheSwap();
    }
}
