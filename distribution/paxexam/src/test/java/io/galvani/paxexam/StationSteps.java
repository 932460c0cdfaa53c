package io.galvani.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;

/**
 * What every class of in-framework test steps needs: the station's id and CSMS port from the framework
 * properties {@link GalvaniDistribution} sets, a demo CSMS on that port, the wait for an accepted boot, and
 * condition waits for bundles and services. Runs inside the framework only, like its subclasses.
 */
abstract class StationSteps {
    protected final BundleContext context;
    protected final String stationId;
    protected final int csmsPort;
    private final Duration wait;

    /** @param wait how long a step waits for a condition before it fails */
    StationSteps(BundleContext context, Duration wait) {
        this.context = context;
        this.stationId = context.getProperty("galvani.station.id");
        this.csmsPort = URI.create(context.getProperty("galvani.csms.url")).getPort();
        this.wait = wait;
    }

    /** The demo CSMS on the port the station has been trying with back-off since the framework started. */
    DemoCsms startCsms() {
        return startCsms(CsmsOptions.builder());
    }

    DemoCsms startCsms(CsmsOptions.Builder options) {
        return DemoCsms.start(options.port(csmsPort).logTraffic(false).build());
    }

    /** BootNotification answered Accepted (the default reply), and the station acted on it (StatusNotification). */
    void awaitBootAccepted(DemoCsms csms) {
        csms.awaitConnected(stationId, wait);
        Frame accepted = csms.awaitFrame(f -> f.dir() == Direction.TO_STATION && f.isCallResult()
                && "BootNotification".equals(f.action()), wait);
        assertEquals("Accepted", accepted.payload().path("status").asText());
        csms.awaitCall("StatusNotification", wait);
    }

    Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    /** The first {@code type} service matching {@code filter} (null: any), waited for. */
    <S> S service(Class<S> type, String filter) throws Exception {
        List<ServiceReference<S>> refs = new ArrayList<>();
        until(type.getSimpleName() + (filter == null ? "" : " " + filter), () -> {
            refs.clear();
            refs.addAll(references(type, filter));
            return refs.isEmpty() ? "none" : null;
        });
        return context.getService(refs.get(0));
    }

    <S> List<ServiceReference<S>> references(Class<S> type, String filter) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, filter));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Polls {@code problems} (null = fine) every 50 ms until fine or the wait has passed; fails with the last. */
    void until(String what, Supplier<String> problems) {
        long deadline = System.nanoTime() + wait.toNanos();
        String last;
        while ((last = problems.get()) != null) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + wait.toSeconds() + " s: " + what + "\n" + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }
}
