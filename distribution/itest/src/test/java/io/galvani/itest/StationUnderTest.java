package io.galvani.itest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.bench.StationApi;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.launcher.StationEnvironment;
import io.galvani.launcher.StationLauncher;

/**
 * One station booted from the distribution folder in a real Felix framework, in this JVM, with
 * its own data dir and API port, connected to a test CSMS. Settings are given as the STATION_*
 * environment a user would set, plus fast timings for tests.
 *
 * <p>Like {@code bin/galvani}, it runs the launcher's {@code runUntilStopped()} loop (on a thread of
 * its own), so an in-process reboot (Reset) starts a new framework; {@link #framework()} and
 * {@link #bundle} always answer for the framework running now, and {@link #awaitReboot} waits for
 * the next one.
 */
final class StationUnderTest implements AutoCloseable {
    static final Path DISTRIBUTION = Path.of(System.getProperty("galvani.distribution", "../target/galvani"));
    /** Fast, deterministic timings: no random back-off, no simulated cable check delays. */
    static final Map<String, String> FAST_TIMINGS = Map.of(
            "galvani.retry.wait.minimum", "1",
            "galvani.retry.random.range", "0",
            "galvani.boot.retry", "1",
            "galvani.sim.cable.check.millis", "0",
            "galvani.sim.pre.charge.millis", "0");

    private final StationLauncher launcher;
    private final int apiPort;
    private final String stationId;
    private final StationApi api;
    private final Thread runLoop;
    private final java.util.concurrent.atomic.AtomicReference<Throwable> runFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    private StationUnderTest(StationLauncher launcher, int apiPort, String stationId) {
        this.launcher = launcher;
        this.apiPort = apiPort;
        this.stationId = stationId;
        this.api = new StationApi(apiPort);
        this.runLoop = new Thread(() -> {
            try {
                launcher.runUntilStopped();
            } catch (Throwable e) {
                runFailure.set(e);
            }
        }, "station-under-test-" + stationId);
        runLoop.setDaemon(true);
        runLoop.start();
    }

    static Builder with(DemoCsms csms, Path dataDir, Path log) {
        return new Builder(csms, dataDir, log);
    }

    static final class Builder {
        private final Map<String, String> env = new HashMap<>();
        private final Map<String, String> tuning = new HashMap<>();

        private final Path log;

        Builder(DemoCsms csms, Path dataDir, Path log) {
            this.log = log.toAbsolutePath();
            env.put("STATION_CSMS_URL", csms.url().toString());
            env.put("STATION_DATA_DIR", dataDir.toString());
            env.put("STATION_API_PORT", Integer.toString(freePort()));
            tuning.putAll(FAST_TIMINGS);
        }

        Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** A framework property beyond the fast timings, e.g. {@code galvani.retry.repeat.times}. */
        Builder tuning(String name, String value) {
            tuning.put(name, value);
            return this;
        }

        StationUnderTest start() throws Exception {
            Map<String, String> properties = new StationEnvironment(env::get).frameworkProperties(DISTRIBUTION);
            // Read by logback-test.xml when the station's logback starts: one log per station under test.
            System.setProperty("galvani.test.log", log.toString());
            properties.putAll(tuning);
            StationLauncher launcher = new StationLauncher(DISTRIBUTION, properties);
            launcher.start();
            return new StationUnderTest(launcher, Integer.parseInt(properties.get("galvani.api.port")),
                    properties.get("galvani.station.id"));
        }
    }

    /** The port of the station's HTTP server: local API, display page ({@code /}), web console. */
    int apiPort() {
        return apiPort;
    }

    String id() {
        return stationId;
    }

    /** The framework running now (a reboot replaces it). */
    Framework framework() {
        return launcher.framework();
    }

    /**
     * Waits until a framework other than {@code before} runs (the station rebooted in process) and
     * returns it.
     */
    Framework awaitReboot(Framework before, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Framework now = launcher.framework();
            if (now != before && now != null && now.getState() == Bundle.ACTIVE) {
                return now;
            }
            if (runFailure.get() != null) {
                throw new AssertionError("the station failed to restart", runFailure.get());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the station did not reboot within " + timeout);
    }

    Bundle bundle(String symbolicName) {
        for (Bundle b : framework().getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return api.get(path);
    }

    JsonNode post(String path, String body, int expectedStatus) throws IOException, InterruptedException {
        return api.post(path, body, expectedStatus);
    }

    /** Stops the station for good (idempotent) and ends the launcher loop. */
    @Override
    public void close() throws Exception {
        launcher.stop();
        runLoop.join(30_000);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
