package io.galvani.paxexam;

import javax.inject.Inject;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;

/**
 * A Pax Exam test class whose every method gets a fresh station: the distribution's exact bundle set in a new
 * Felix framework ({@link GalvaniDistribution#freshStation()}). Also loaded by the driver outside the framework,
 * where no Galvani class exists: it and its subclasses name only JDK, JUnit, Pax Exam and OSGi framework types;
 * the steps that use Galvani types live in {@link StationSteps} subclasses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public abstract class FreshStationTest {

    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] configuration() {
        return GalvaniDistribution.freshStation();
    }
}
