package io.galvani.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * same symbolic name yet, so a bundle updated at run time (a hot update) survives a restart.
 * Start levels come from {@code conf/launcher.properties}, so that SPI Fly, the JSON provider and
 * logging are up before the bundles that need them (see the README).
 */
public final class StationLauncher {
    /** Framework property: why the framework (re)started, read by the provisioning bundle. */
    public static final String BOOT_REASON = "galvani.boot.reason";

    private final Path home;
    private final Map<String, String> properties;
    private Framework framework;

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
            installBundles(framework.getBundleContext(), startLevels);
            framework.start();
        } finally {
            current.setContextClassLoader(previous);
        }
        return framework;
    }

    public Framework framework() {
        return framework;
    }

    /**
     * Waits until the framework stops; if it stopped for an update (an in-process reboot), starts
     * it again with the given boot reason and keeps waiting.
     */
    public void runUntilStopped() throws Exception {
        while (true) {
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() != FrameworkEvent.STOPPED_UPDATE) {
                return;
            }
            properties.put(BOOT_REASON, System.getProperty(BOOT_REASON + ".next", "RemoteReset"));
            start();
        }
    }

    public void stop() throws BundleException, InterruptedException {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    private Properties loadLauncherProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("conf/launcher.properties"))) {
            p.load(in);
        }
        return p;
    }

    private void installBundles(BundleContext context, StartLevels levels) throws IOException, BundleException {
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
            if (bsn == null || installed.containsKey(bsn)) {
                continue; // not a bundle, or already in the cache (possibly hot-updated since)
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
