package io.galvani.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Starts a Felix framework over a distribution folder ({@code bundle/}, {@code conf/}) with a
 * persistent bundle cache in the data dir.
 *
 * <p>Bundles from {@code bundle/} are installed only when the cache does not hold a bundle of the
 * same symbolic name yet, so a bundle updated at run time (a hot update) survives a restart; and never when a
 * firmware installation removed them ({@value #REMOVED_BUNDLES} in the data dir), so a removal survives it too.
 * Start levels come from {@code conf/launcher.properties}, so that SPI Fly, the JSON provider and
 * logging are up before the bundles that need them (see the README).
 */
public final class StationLauncher {
    /** Framework property: why the framework (re)started, read by the provisioning bundle. */
    public static final String BOOT_REASON = "galvani.boot.reason";
    /**
     * System property: set by the bundle that reboots (e.g. RemoteReset, ScheduledReset, LocalReset) just
     * before it stops the system bundle; a stop with it set is an in-process reboot with that boot reason,
     * a stop without it ends the process. Read and cleared at the restart.
     */
    public static final String NEXT_BOOT_REASON = BOOT_REASON + ".next";
    /**
     * System property: how often a restart that fails to start is tried again (OCPPCommCtrlr.ResetRetries,
     * set by the bundle that reboots); read and cleared at the restart. Absent: 0.
     */
    public static final String RESET_RETRIES = "galvani.reset.retries";
    private static final long RETRY_DELAY_MILLIS = 2_000;
    /**
     * Written by the firmware installer (io.galvani.firmware.installer): the symbolic names, one a line ('#' starts a
     * comment), of bundles an installed firmware image removed.
     */
    public static final String REMOVED_BUNDLES = "firmware/removed-bundles";

    /**
     * Framework property: this launcher applies a bundle set the firmware installer staged for the next start
     * ({@code <data dir>/firmware/staged-set.properties}, see {@link StagedSet}); without it the installer refuses
     * images that need a restart.
     */
    public static final String STAGED_SETS = "galvani.launcher.stagedSets";

    private final Path home;
    private final Map<String, String> properties;
    private volatile Framework framework;
    private volatile boolean stopping;

    public StationLauncher(Path home, Map<String, String> stationProperties) {
        this.home = home.toAbsolutePath().normalize();
        this.properties = new HashMap<>(stationProperties);
    }

    /** Starts the framework and installs/starts the distribution's bundles; returns once started. */
    public Framework start() throws IOException, BundleException {
        Path dataDir = DataDir.prepare(Path.of(properties.get("galvani.data.dir")));
        DataDir.bindVariant(dataDir, properties.get("galvani.variant"));
        Properties launcher = loadLauncherProperties();

        Map<String, String> config = new HashMap<>();
        launcher.stringPropertyNames().stream().filter(k -> !k.startsWith("startlevel."))
                .forEach(k -> config.put(k, launcher.getProperty(k).replace("${galvani.home}", home.toString())
                        .replace("${galvani.variant.file}", properties.get("galvani.variant.file"))));
        config.putAll(properties);
        config.put(Constants.FRAMEWORK_STORAGE, dataDir.resolve("felix-cache").toString());
        config.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        config.putIfAbsent("galvani.home", home.toString());
        config.put(STAGED_SETS, "true");
        StartLevels startLevels = new StartLevels(launcher);
        config.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(startLevels.highest()));

        FrameworkFactory factory = java.util.ServiceLoader.load(FrameworkFactory.class, getClass().getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        // Framework threads inherit the context class loader of this thread. Give them one that sees no
        // launcher class path, so that ServiceLoader look-ups inside bundles never find an outside provider
        // (an embedding test's logback, say) instead of the bundle's own.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            framework = factory.newFramework(config);
            framework.init();
            StagedSet staged = StagedSet.pending(dataDir);
            boolean verify = staged != null && staged.beforeStart(framework.getBundleContext());
            installBundles(framework.getBundleContext(), startLevels, removedBundles(dataDir));
            framework.start(); // returns once the beginning start level is reached
            if (verify) {
                List<String> problems = staged.notRunning(framework.getBundleContext());
                if (!problems.isEmpty()) {
                    System.err.println("galvani: the staged bundle set does not start (" + String.join("; ", problems)
                            + "); restoring the previous set");
                    staged.failedToStart(String.join("; ", problems));
                    framework.stop();
                    framework.waitForStop(60_000);
                    return start(); // finds RESTORING: applies the previous set's jars
                }
                staged.applied();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("interrupted while restoring the previous bundle set", e);
        } finally {
            current.setContextClassLoader(previous);
        }
        return framework;
    }

    public Framework framework() {
        return framework;
    }

    /**
     * Waits until the framework stops for good.
     *
     * <p>An in-process reboot (Reset) is a stop of the system bundle with system property
     * {@value #NEXT_BOOT_REASON} set: the launcher then starts a new framework with that boot reason
     * (framework properties are fixed per framework instance, so a new reason needs a new instance),
     * trying {@value #RESET_RETRIES} more times if the start fails. A {@code Framework.update()}
     * (e.g. Gogo {@code update 0}) is not used for that because Felix restarts the same instance by
     * itself, with its old properties; the launcher just keeps waiting on it.
     */
    public void runUntilStopped() throws Exception {
        while (true) {
            Framework current = framework;
            FrameworkEvent event = current.waitForStop(0);
            if (event.getType() == FrameworkEvent.STOPPED_UPDATE) {
                if (!awaitSelfRestart(current)) {
                    return;
                }
                continue;
            }
            String reason = System.getProperty(NEXT_BOOT_REASON);
            int retries = retries(System.getProperty(RESET_RETRIES));
            // One reboot, one reason: a later stop must not inherit it.
            System.clearProperty(NEXT_BOOT_REASON);
            System.clearProperty(RESET_RETRIES);
            if (reason == null || reason.isBlank() || event.getType() != FrameworkEvent.STOPPED) {
                return;
            }
            properties.put(BOOT_REASON, reason);
            if (!restart(retries)) {
                return;
            }
        }
    }

    /** After an update, Felix stops and starts the same framework itself; true once it runs again. */
    private boolean awaitSelfRestart(Framework current) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (stopping) {
                return false;
            }
            if ((current.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Starts the framework again, up to {@code retries} more times if that fails; false if stopped meanwhile. */
    private boolean restart(int retries) throws Exception {
        for (int attempt = 0;; attempt++) {
            synchronized (this) {
                if (stopping) {
                    return false;
                }
                try {
                    start();
                    return true;
                } catch (Exception e) {
                    if (attempt >= retries) {
                        throw e;
                    }
                    System.err.printf("galvani: restart failed (%s); attempt %d of %d%n", e, attempt + 2, retries + 1);
                    stopQuietly();
                }
            }
            Thread.sleep(RETRY_DELAY_MILLIS);
        }
    }

    static int retries(String value) {
        try {
            return value == null ? 0 : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void stopQuietly() {
        try {
            if (framework != null) {
                framework.stop();
                framework.waitForStop(30_000);
            }
        } catch (Exception e) {
            System.err.println("galvani: cannot stop the failed framework: " + e);
        }
    }

    /** Stops the framework for good; a restart in progress (an in-process reboot) is not completed. */
    public void stop() throws BundleException, InterruptedException {
        Framework current;
        synchronized (this) {
            stopping = true;
            current = framework;
        }
        if (current != null) {
            current.stop();
            current.waitForStop(30_000);
        }
    }

    private Properties loadLauncherProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("conf/launcher.properties"))) {
            p.load(in);
        }
        return p;
    }

    /** The bundles a firmware installation removed: not installed again from {@code bundle/}. */
    static Set<String> removedBundles(Path dataDir) throws IOException {
        Path file = dataDir.resolve(REMOVED_BUNDLES);
        Set<String> names = new HashSet<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String name = line.trim();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private void installBundles(BundleContext context, StartLevels levels, Set<String> removed) throws IOException, BundleException {
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null) {
                installed.put(b.getSymbolicName(), b);
            }
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(home.resolve("bundle"))) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        List<Bundle> toStart = new ArrayList<>();
        for (Path jar : jars) {
            String bsn = symbolicName(jar);
            if (bsn == null || installed.containsKey(bsn) || removed.contains(bsn)) {
                continue; // not a bundle, already in the cache (possibly hot-updated since), or removed by a firmware update
            }
            Bundle bundle = context.installBundle(jar.toUri().toString());
            bundle.adapt(BundleStartLevel.class).setStartLevel(levels.of(bsn));
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                toStart.add(bundle);
            }
        }
        for (Bundle bundle : toStart) {
            // Persistent start: the bundle starts when the framework reaches its start level.
            bundle.start(Bundle.START_ACTIVATION_POLICY);
        }
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            String bsn = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return bsn == null ? null : bsn.split(";")[0].trim();
        }
    }
}
