package io.galvani.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.hal.api.Display;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.ocpp.model.Action;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.paxexam.fixtures.BrokenConnector;
import io.galvani.paxexam.fixtures.FixtureBundles;
import io.galvani.paxexam.fixtures.FlakyTokenReader;
import io.galvani.paxexam.fixtures.HangingDisplay;
import io.galvani.paxexam.fixtures.LeakingPoller;

/**
 * Steps of {@link FaultIsolationPaxExamTest}, run inside the framework: misbehaving driver bundles built on the fly
 * ({@link FixtureBundles}), every Galvani bundle stopped and started, drivers swapped during a session. The CSMS
 * checks every frame the station sends against the schema constraints of the OCPP model (generated from the
 * official schemas); the official-schema check of NotifyEvent itself is in the supervisor's unit tests.
 */
final class FaultSteps extends StationSteps {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HAL = "io.galvani.hal.api.";

    FaultSteps(BundleContext context) {
        super(context, WAIT);
    }

    // ------------------------------------------------------------------ misbehaving bundles

    void activationThatThrowsIsRetriedWithBackOffAndReported() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            fastSupervisor();
            int since = csms.mark();
            System.setProperty("galvani.fixture.flaky.failures", "2");
            Bundle flaky = install("io.acme.hal.rfid.flaky", FlakyTokenReader.class, HAL + "TokenReader", Map.of("hal.evse.id", 0));
            try {
                flaky.start();
                JsonNode fault = awaitNotifyEvent(csms, since, e -> "ActivationFailed".equals(e.path("techCode").asText())
                        && "TokenReader".equals(e.at("/component/name").asText()));
                assertEquals("true", fault.path("actualValue").asText());
                assertEquals("HardWiredNotification", fault.path("eventNotificationType").asText());
                assertEquals("Alerting", fault.path("trigger").asText());
                assertTrue(fault.path("techInfo").asText(), fault.path("techInfo").asText().contains("does not answer"));

                JsonNode cleared = awaitNotifyEvent(csms, since, e -> e.path("cleared").asBoolean()
                        && e.path("cause").asInt() == fault.path("eventId").asInt());
                assertEquals("false", cleared.path("actualValue").asText());
                until("the flaky reader's component ACTIVE", () -> componentState("io.acme.hal.rfid.flaky"));

                long[] attempts = Arrays.stream(System.getProperty("galvani.fixture.flaky.attempts").split(","))
                        .mapToLong(Long::parseLong).toArray();
                assertEquals("two failures, then the third activation worked", 3, attempts.length);
                assertTrue("first back-off at least the minimum (500 ms): " + (attempts[1] - attempts[0]),
                        attempts[1] - attempts[0] >= 500);
                assertTrue("second back-off doubled (>= 1000 ms): " + (attempts[2] - attempts[1]),
                        attempts[2] - attempts[1] >= 1000);
                assertEquals("one fault, one clearing: retries are not reported again", 2,
                        notifyEvents(csms, since, e -> "TokenReader".equals(e.at("/component/name").asText())).size());
                assertLinkNeverDropped(csms);
            } finally {
                flaky.uninstall();
            }
        }
    }

    void hangingActivationIsInterruptedAndRetried() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            fastSupervisor();
            int since = csms.mark();
            Bundle hanging = install("io.acme.hal.display.hanging", HangingDisplay.class, HAL + "Display", Map.of("hal.evse.id", 5));
            try {
                // Whichever thread SCR activates it on (this one, during start), the watchdog frees it.
                CompletableFuture.runAsync(() -> {
                    try {
                        hanging.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                JsonNode fault = awaitNotifyEvent(csms, since, e -> "ActivationHung".equals(e.path("techCode").asText())
                        && "Display".equals(e.at("/component/name").asText()) && e.at("/component/evse/id").asInt() == 5);
                assertTrue(fault.path("techInfo").asText(), fault.path("techInfo").asText().contains("interrupted"));
                awaitNotifyEvent(csms, since, e -> e.path("cleared").asBoolean() && e.path("cause").asInt() == fault.path("eventId").asInt());
                until("the display's component ACTIVE after the retry", () -> componentState("io.acme.hal.display.hanging"));
                assertLinkNeverDropped(csms);
            } finally {
                hanging.uninstall();
            }
        }
    }

    void threadLeftByAStoppedBundleIsReportedAndInterrupted() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            fastSupervisor();
            int since = csms.mark();
            Bundle leaky = install("io.acme.hal.rfid.leaky", LeakingPoller.class, HAL + "TokenReader", Map.of("hal.evse.id", 7));
            try {
                leaky.start();
                until("the poller thread runs", () -> thread("acme-rfid-poller").isPresent() ? null : "no thread");
                leaky.stop();
                JsonNode leak = awaitNotifyEvent(csms, since, e -> "ThreadLeak".equals(e.path("techCode").asText()));
                assertTrue(leak.path("techInfo").asText(), leak.path("techInfo").asText().contains("io.acme.hal.rfid.leaky")
                        && leak.path("techInfo").asText().contains("acme-rfid-poller"));
                assertEquals("ChargingStation", leak.at("/component/name").asText());
                until("the supervisor interrupted the thread running the stopped bundle's code",
                        () -> thread("acme-rfid-poller").isPresent() ? "still running" : null);
                awaitNotifyEvent(csms, since, e -> e.path("cleared").asBoolean() && e.path("cause").asInt() == leak.path("eventId").asInt());
                assertLinkNeverDropped(csms);
            } finally {
                leaky.uninstall();
            }
        }
    }

    void driverWhoseCallsThrowIsContained() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            int since = csms.mark();
            Bundle broken = install("io.acme.hal.ev.broken", BrokenConnector.class, HAL + "Connector",
                    Map.of("hal.evse.id", 9, "hal.connector.id", 1));
            try {
                broken.start();
                Frame status = csms.awaitFrame(since, f -> f.dir() == Direction.TO_CSMS && f.isCall()
                        && "StatusNotification".equals(f.action()) && f.payload().path("evseId").asInt() == 9, WAIT);
                assertEquals("a connector whose driver throws is Faulted", "Faulted",
                        status.payload().path("connectorStatus").asText());
                // The station still works: the CSMS can talk to it and the real EVSE is unaffected.
                JsonNode report = csms.call(stationId, "GetVariables", "{\"getVariableData\":[{\"component\":{\"name\":"
                        + "\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}").get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals("Accepted", report.at("/getVariableResult/0/attributeStatus").asText());

                // The power-cabinet driver goes away (its component failed, or its bundle stopped): EVSE 1 cannot
                // deliver energy, its connector is Faulted until the driver is back.
                Bundle cabinet = bundle("io.galvani.hal.sim.cabinet");
                int beforeStop = csms.mark();
                cabinet.stop();
                csms.awaitFrame(beforeStop, f -> f.dir() == Direction.TO_CSMS && f.isCall() && "StatusNotification".equals(f.action())
                        && f.payload().path("evseId").asInt() == 1 && "Faulted".equals(f.payload().path("connectorStatus").asText()), WAIT);
                int beforeStart = csms.mark();
                cabinet.start();
                csms.awaitFrame(beforeStart, f -> f.dir() == Direction.TO_CSMS && f.isCall() && "StatusNotification".equals(f.action())
                        && f.payload().path("evseId").asInt() == 1 && "Available".equals(f.payload().path("connectorStatus").asText()), WAIT);
                assertLinkNeverDropped(csms);
            } finally {
                broken.uninstall();
            }
        }
    }

    // ------------------------------------------------------------------ threads of stopped bundles

    void everyGalvaniBundleStopsWithoutLeavingThreads() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            Map<String, List<String>> leaks = new LinkedHashMap<>();
            int cycled = 0;
            for (Bundle b : context.getBundles()) {
                String bsn = b.getSymbolicName();
                if (!bsn.startsWith("io.galvani.") || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                    continue;
                }
                cycled++;
                List<String> left = cycle(b, false);
                if (!left.isEmpty()) {
                    // A thread another bundle created lazily meanwhile (idle in a JDK pool, so not recognisable by
                    // its code) survives once; a real leak leaves a new thread on every cycle. The second cycle
                    // updates the bundle, so that a leak kept in a static field (one per class loader) recurs too.
                    List<String> again = cycle(b, true);
                    if (!again.isEmpty()) {
                        left.addAll(again);
                    } else {
                        left.clear();
                    }
                }
                if (!left.isEmpty()) {
                    leaks.put(bsn, left);
                }
            }
            System.out.printf("everyGalvaniBundleStopsWithoutLeavingThreads: %d bundles stopped and started, %d threads "
                    + "they created checked%n", cycled, checkedThreads);
            assertTrue("only " + cycled + " Galvani bundles", cycled >= 20);
            assertTrue("threads left behind by stopped bundles: " + leaks, leaks.isEmpty());
            csms.awaitConnected(stationId, WAIT);
        }
    }

    private int checkedThreads;

    /**
     * Stops and starts {@code b} (a new revision of it if asked), notes the threads created meanwhile, stops it again and waits up to 10 s for them to
     * end; starts it again. @return the names of those still alive that it owns
     */
    private List<String> cycle(Bundle b, boolean newRevision) throws Exception {
        String bsn = b.getSymbolicName();
        Set<Long> before = threadIds();
        b.stop();
        if (newRevision) {
            b.update();
        }
        b.start();
        until(bsn + " and every component ACTIVE again", this::notSettled);
        Set<Thread> created = new HashSet<>();
        for (Thread t : liveThreads()) {
            if (!before.contains(t.getId())) {
                created.add(t);
            }
        }
        checkedThreads += created.size();
        b.stop();
        List<String> left = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            left.clear();
            for (Thread t : created) {
                if (t.isAlive() && attributable(t, b)) {
                    left.add(t.getName());
                }
            }
            if (!left.isEmpty()) {
                Thread.sleep(100); // orderly shutdown is allowed to take a moment
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        b.start();
        until(bsn + " and every component ACTIVE again", this::notSettled);
        return left;
    }

    /**
     * A thread created while the bundle ran is its leftover unless it runs code of another bundle (then that bundle
     * owns it: a Jetty pool thread of the transport, say). Idle JDK executor threads run JDK code only: they count.
     */
    private static boolean attributable(Thread t, Bundle stopped) {
        if (t.getName().startsWith("ForkJoinPool.commonPool") || t.getName().startsWith("PromiseFactory,")) {
            // Shared pools of the JVM and of org.osgi.util.promise (its default executor, idle threads end after
            // 60 s): whoever's task made them grow does not own them.
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                continue;
            }
            int nested = c.indexOf('$');
            String outer = nested < 0 ? c : c.substring(0, nested);
            if (stopped.getEntry(outer.replace('.', '/') + ".class") == null) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ live driver swaps

    void driversSwappedDuringASession() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            until("TxUpdatedInterval set to 1 s", () -> {
                try {
                    JsonNode r = csms.call(stationId, "SetVariables", "{\"setVariableData\":[{\"component\":{\"name\":"
                            + "\"SampledDataCtrlr\"},\"variable\":{\"name\":\"TxUpdatedInterval\"},\"attributeValue\":\"1\"}]}")
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    String status = r.at("/setVariableResult/0/attributeStatus").asText();
                    return "Accepted".equals(status) ? null : status;
                } catch (Exception e) {
                    return e.toString();
                }
            });
            int since = csms.mark();
            service(EvSimulator.class, "(hal.evse.id=1)").plug();
            service(TokenSimulator.class, null).present("04A2B3C4D5E6F7", "ISO14443", 1);
            Frame started = csms.awaitFrame(since, f -> f.dir() == Direction.TO_CSMS && f.isCall()
                    && "TransactionEvent".equals(f.action()) && "Started".equals(f.payload().path("eventType").asText()), WAIT);
            String txId = started.payload().at("/transactionInfo/transactionId").asText();
            awaitPeriodicUpdates(csms, since, 2);
            until("the display shows the session", () -> displayShows("Charging"));

            for (String driver : List.of("io.galvani.hal.sim.rfid", "io.galvani.hal.sim.display", "io.galvani.hal.sim.meter")) {
                Bundle b = bundle(driver);
                long revision = b.getLastModified();
                int before = periodicUpdates(csms, since).size();
                b.update();
                refresh(b);
                assertTrue(driver + " updated", b.getLastModified() != revision);
                until(driver + " and every component ACTIVE again", this::notSettled);
                awaitPeriodicUpdates(csms, since, before + 3);
            }
            until("the display shows the session again after the swaps", () -> displayShows("Charging"));

            List<Frame> events = csms.frames().subList(since, csms.mark()).stream()
                    .filter(f -> f.dir() == Direction.TO_CSMS && f.isCall() && "TransactionEvent".equals(f.action())).toList();
            List<Integer> seqNos = new ArrayList<>();
            for (Frame f : events) {
                assertEquals("one transaction all along", txId, f.payload().at("/transactionInfo/transactionId").asText());
                assertTrue("no Ended: " + f.payload(), !"Ended".equals(f.payload().path("eventType").asText()));
                seqNos.add(f.payload().path("seqNo").asInt());
            }
            for (int i = 1; i < seqNos.size(); i++) {
                assertEquals("seqNo without gap: " + seqNos, seqNos.get(i - 1) + 1, (int) seqNos.get(i));
            }
            List<Instant> periodic = periodicUpdates(csms, since).stream()
                    .map(f -> Instant.parse(f.payload().path("timestamp").asText())).toList();
            for (int i = 1; i < periodic.size(); i++) {
                Duration gap = Duration.between(periodic.get(i - 1), periodic.get(i));
                assertTrue("at most one meter sample late (TxUpdatedInterval 1 s): gap " + gap + " in " + periodic,
                        gap.compareTo(Duration.ofMillis(2500)) < 0);
            }
            assertLinkNeverDropped(csms);
        }
    }

    /**
     * Telemetry pointed at an unreachable broker, then misconfigured (a URL it refuses), then stopped and uninstalled,
     * all during one charging session: the session goes on (one transaction, periodic updates without gap in seqNo,
     * at most one sample late) and the OCPP connection never drops.
     */
    void telemetryGoesWrongDuringASession() throws Exception {
        String telemetry = "io.galvani.telemetry.internal.TelemetryComponent";
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            until("TxUpdatedInterval set to 1 s", () -> {
                try {
                    JsonNode r = csms.call(stationId, "SetVariables", "{\"setVariableData\":[{\"component\":{\"name\":"
                            + "\"SampledDataCtrlr\"},\"variable\":{\"name\":\"TxUpdatedInterval\"},\"attributeValue\":\"1\"}]}")
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    String status = r.at("/setVariableResult/0/attributeStatus").asText();
                    return "Accepted".equals(status) ? null : status;
                } catch (Exception e) {
                    return e.toString();
                }
            });
            String unreachable;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                unreachable = "mqtt://127.0.0.1:" + s.getLocalPort();
            }
            configureTelemetry(unreachable);
            until("telemetry active with the unreachable broker", () -> telemetryWith(telemetry, unreachable));

            int since = csms.mark();
            service(EvSimulator.class, "(hal.evse.id=1)").plug();
            service(TokenSimulator.class, null).present("04A2B3C4D5E6F7", "ISO14443", 1);
            Frame started = csms.awaitFrame(since, f -> f.dir() == Direction.TO_CSMS && f.isCall()
                    && "TransactionEvent".equals(f.action()) && "Started".equals(f.payload().path("eventType").asText()), WAIT);
            String txId = started.payload().at("/transactionInfo/transactionId").asText();
            awaitPeriodicUpdates(csms, since, 3);

            configureTelemetry("http://not-an-mqtt-broker");
            until("telemetry active (idle) with the refused URL", () -> telemetryWith(telemetry, "http://not-an-mqtt-broker"));
            awaitPeriodicUpdates(csms, since, periodicUpdates(csms, since).size() + 2);

            configureTelemetry(unreachable);
            until("telemetry active with the unreachable broker again", () -> telemetryWith(telemetry, unreachable));
            Bundle bundle = bundle("io.galvani.telemetry");
            bundle.stop();
            awaitPeriodicUpdates(csms, since, periodicUpdates(csms, since).size() + 2);
            bundle.uninstall();
            awaitPeriodicUpdates(csms, since, periodicUpdates(csms, since).size() + 3);
            for (Thread t : liveThreads()) {
                assertTrue("telemetry thread left: " + t.getName(), !t.getName().startsWith("galvani-telemetry"));
            }

            List<Frame> events = csms.frames().subList(since, csms.mark()).stream()
                    .filter(f -> f.dir() == Direction.TO_CSMS && f.isCall() && "TransactionEvent".equals(f.action())).toList();
            List<Integer> seqNos = new ArrayList<>();
            for (Frame f : events) {
                assertEquals("one transaction all along", txId, f.payload().at("/transactionInfo/transactionId").asText());
                assertTrue("no Ended: " + f.payload(), !"Ended".equals(f.payload().path("eventType").asText()));
                seqNos.add(f.payload().path("seqNo").asInt());
            }
            for (int i = 1; i < seqNos.size(); i++) {
                assertEquals("seqNo without gap: " + seqNos, seqNos.get(i - 1) + 1, (int) seqNos.get(i));
            }
            List<Instant> periodic = periodicUpdates(csms, since).stream()
                    .map(f -> Instant.parse(f.payload().path("timestamp").asText())).toList();
            for (int i = 1; i < periodic.size(); i++) {
                Duration gap = Duration.between(periodic.get(i - 1), periodic.get(i));
                assertTrue("at most one meter sample late (TxUpdatedInterval 1 s): gap " + gap + " in " + periodic,
                        gap.compareTo(Duration.ofMillis(2500)) < 0);
            }
            assertLinkNeverDropped(csms);
        }
    }

    private void configureTelemetry(String url) throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = context.getService(ref);
        try {
            Configuration config = admin.getConfiguration("io.galvani.telemetry", "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("brokerUrl", url);
            props.put("stationId", stationId);
            props.put("reconnectMinSeconds", 1);
            props.put("reconnectMaxSeconds", 2);
            props.put("connectTimeoutSeconds", 1);
            config.update(props);
        } finally {
            context.ungetService(ref);
        }
    }

    /** null when the telemetry component is ACTIVE with {@code url} */
    private String telemetryWith(String component, String url) {
        for (ComponentConfigurationDTO c : configurations(component)) {
            if (c.state == ComponentConfigurationDTO.ACTIVE && url.equals(c.properties.get("brokerUrl"))) {
                return null;
            }
        }
        return "not yet";
    }

    private List<Frame> periodicUpdates(DemoCsms csms, int since) {
        return csms.frames().subList(since, csms.mark()).stream()
                .filter(f -> f.dir() == Direction.TO_CSMS && f.isCall() && "TransactionEvent".equals(f.action())
                        && "Updated".equals(f.payload().path("eventType").asText())
                        && "MeterValuePeriodic".equals(f.payload().path("triggerReason").asText()))
                .toList();
    }

    private void awaitPeriodicUpdates(DemoCsms csms, int since, int count) {
        until(count + " periodic Updated events", () -> {
            int n = periodicUpdates(csms, since).size();
            return n >= count ? null : "only " + n;
        });
    }

    private String displayShows(String text) {
        for (ServiceReference<Display> ref : references(Display.class, "(hal.evse.id=0)")) {
            Display d = context.getService(ref);
            try {
                if (d != null && d.current().lines().stream().anyMatch(l -> l.contains(text))) {
                    return null;
                }
                return "display shows " + (d == null ? null : d.current().lines());
            } finally {
                context.ungetService(ref);
            }
        }
        return "no station display";
    }

    private void refresh(Bundle b) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), e -> done.complete(null));
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ helpers

    /** The demo CSMS, checking every call the station sends against the OCPP model. */
    @Override
    DemoCsms startCsms() {
        FrameValidator model = frame -> {
            if (frame.dir() != Direction.TO_CSMS || !frame.isCall()) {
                return List.of();
            }
            Optional<Action> action = Action.byName(frame.action());
            if (action.isEmpty()) {
                return List.of("unknown action " + frame.action());
            }
            try {
                OcppJson.decode(frame.payload(), action.get().requestType());
                return List.of();
            } catch (PayloadViolation e) {
                return List.of(e.errorCode() + ": " + e.getMessage());
            }
        };
        return startCsms(CsmsOptions.builder().validator(model));
    }

    private void assertLinkNeverDropped(DemoCsms csms) {
        assertTrue(csms.isConnected(stationId));
        assertEquals("the OCPP connection never dropped", 1, csms.connectionCount(stationId));
        List<Frame> bad = csms.violations().stream().filter(f -> f.dir() == Direction.TO_CSMS).toList();
        assertTrue("frames that break the schema: " + bad, bad.isEmpty());
    }

    /** Short supervisor timings for the test; waits until the supervisor runs with them. */
    private void fastSupervisor() throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = context.getService(ref);
        try {
            Configuration config = admin.getConfiguration("io.galvani.supervisor", "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("pollMillis", 100L);
            props.put("backOffMinMillis", 500L);
            props.put("backOffMaxMillis", 4000L);
            props.put("activationTimeoutMillis", 1500L);
            props.put("threadGraceMillis", 300L);
            config.update(props);
        } finally {
            context.ungetService(ref);
        }
        until("the supervisor runs with the test's timings", () -> {
            for (ComponentConfigurationDTO c : configurations("io.galvani.supervisor")) {
                if (c.state == ComponentConfigurationDTO.ACTIVE && Long.valueOf(100).equals(toLong(c.properties.get("pollMillis")))) {
                    return null;
                }
            }
            return "not yet";
        });
    }

    private static Long toLong(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private Bundle install(String symbolicName, Class<?> impl, String service, Map<String, Integer> props) throws Exception {
        return context.installBundle("fixture:" + symbolicName, FixtureBundles.driver(symbolicName, impl, service, props));
    }

    private JsonNode awaitNotifyEvent(DemoCsms csms, int since, Predicate<JsonNode> matcher) {
        Frame frame = csms.awaitFrame(since, f -> f.dir() == Direction.TO_CSMS && f.isCall() && "NotifyEvent".equals(f.action())
                && matcher.test(f.payload().path("eventData").path(0)), WAIT);
        assertEquals(0, frame.payload().path("seqNo").asInt());
        return frame.payload().path("eventData").path(0);
    }

    private List<JsonNode> notifyEvents(DemoCsms csms, int since, Predicate<JsonNode> matcher) {
        return csms.frames().subList(since, csms.mark()).stream()
                .filter(f -> f.dir() == Direction.TO_CSMS && f.isCall() && "NotifyEvent".equals(f.action()))
                .map(f -> f.payload().path("eventData").path(0)).filter(matcher).toList();
    }

    /** null when the component's configurations are all ACTIVE */
    private String componentState(String name) {
        List<ComponentConfigurationDTO> configs = configurations(name);
        if (configs.isEmpty()) {
            return "no configuration of " + name;
        }
        return configs.stream().allMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE) ? null
                : name + " states " + configs.stream().map(c -> Integer.toString(c.state)).collect(Collectors.joining(","));
    }

    private List<ComponentConfigurationDTO> configurations(String name) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            List<ComponentConfigurationDTO> result = new ArrayList<>();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (d.name.equals(name)) {
                    result.addAll(scr.getComponentConfigurationDTOs(d));
                }
            }
            return result;
        } finally {
            context.ungetService(ref);
        }
    }

    /** null when every bundle is ACTIVE and every io.galvani.* component ACTIVE or SATISFIED */
    private String notSettled() {
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                return b.getSymbolicName() + " is in state " + b.getState();
            }
        }
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!d.bundle.symbolicName.startsWith("io.galvani.")) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        return d.name + " is in state " + c.state;
                    }
                }
            }
            return null;
        } finally {
            context.ungetService(ref);
        }
    }

    private static Optional<Thread> thread(String name) {
        return Arrays.stream(liveThreads()).filter(t -> t.getName().equals(name) && t.isAlive()).findFirst();
    }

    private static Set<Long> threadIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : liveThreads()) {
            ids.add(t.getId());
        }
        return ids;
    }

    private static Thread[] liveThreads() {
        return Thread.getAllStackTraces().keySet().toArray(new Thread[0]);
    }
}
