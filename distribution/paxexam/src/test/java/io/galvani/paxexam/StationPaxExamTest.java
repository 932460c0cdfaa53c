package io.galvani.paxexam;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * The distribution's exact bundle set in a Felix framework started by Pax Exam; each test method runs inside that
 * framework (in the probe bundle) against a fresh station. This class is also loaded by the driver outside the
 * framework, where no Galvani class exists: it only names JDK, JUnit, Pax Exam and OSGi framework types, and the
 * steps that use Galvani types live in {@link InFramework}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class StationPaxExamTest extends FreshStationTest {

    @Test
    public void everyBundleIsActiveAndEveryComponentSatisfied() {
        new InFramework(context).everyBundleIsActiveAndEveryComponentSatisfied();
    }

    @Test
    public void F06_handlerWhiteboard_actionAppearsAndDisappearsWithItsService() throws Exception {
        new InFramework(context).handlerWhiteboard();
    }

    @Test
    public void B07_deviceModelFollowsTheBundlesThatContributeIt() throws Exception {
        new InFramework(context).deviceModelFollowsBundles();
    }

    @Test
    public void H_reservationBundleStopsAndStarts_actionsFollow_noCoreComponentRestarts() throws Exception {
        new InFramework(context).reservationBundleHotSwap();
    }

    @Test
    public void transportBundleUpdateReconnects() throws Exception {
        new InFramework(context).transportBundleUpdateReconnects();
    }
}
