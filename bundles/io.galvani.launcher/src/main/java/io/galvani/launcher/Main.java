package io.galvani.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code bin/galvani}: validates the environment, starts the station, and stops it cleanly on
 * SIGTERM / Ctrl-C. Exit codes: 0 stopped, 2 invalid configuration, 1 failed to start.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path home = Path.of(System.getProperty("galvani.home", "."));
        Map<String, String> properties;
        try {
            properties = new StationEnvironment(System::getenv).frameworkProperties(home);
        } catch (StationEnvironment.InvalidSetting e) {
            System.err.println("galvani: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Logback and the simulated drivers read these as system properties too.
        properties.forEach((k, v) -> {
            if (!k.contains("password")) {
                System.setProperty(k, v);
            }
        });
        StationLauncher launcher = new StationLauncher(home, properties);
        try {
            launcher.start();
        } catch (Exception e) {
            System.err.println("galvani: failed to start: " + e);
            System.exit(1);
            return;
        }
        System.err.printf("galvani: station %s started in %d ms (data in %s)%n", properties.get("galvani.station.id"),
                (System.nanoTime() - t0) / 1_000_000, properties.get("galvani.data.dir"));
        markStarted();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                launcher.stop();
            } catch (Exception e) {
                System.err.println("galvani: unclean stop: " + e);
            }
        }, "galvani-shutdown"));
        launcher.runUntilStopped();
        System.exit(0);
    }

    /**
     * Tells bin/galvani that this run started the station, so the class-data archive the JVM writes
     * at exit reflects a real start-up and may be used by later starts.
     */
    private static void markStarted() {
        String marker = System.getProperty("galvani.cds.started");
        if (marker != null) {
            try {
                java.nio.file.Files.writeString(Path.of(marker), "");
            } catch (java.io.IOException e) {
                System.err.println("galvani: cannot write " + marker + ": " + e.getMessage());
            }
        }
    }
}
