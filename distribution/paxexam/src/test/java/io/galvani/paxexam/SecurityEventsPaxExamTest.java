package io.galvani.paxexam;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * The security events read-back in the real framework: the {@code SecurityEventListener} whiteboard as DS binds it,
 * and {@code SecurityEvents.recent} across a stop and start of {@code io.galvani.security.events}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SecurityEventsPaxExamTest extends FreshStationTest {

    @Test
    public void A04_listenerServiceIsTold_andRecentSurvivesABundleRestart() throws Exception {
        new SecurityEventSteps(context).listenerToldAndRecentSurvivesRestart();
    }
}
