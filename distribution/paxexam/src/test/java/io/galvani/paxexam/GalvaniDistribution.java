package io.galvani.paxexam;

import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.url;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * Driver side (JDK and Pax Exam types only): turns the built distribution folder into Pax Exam options, the way
 * {@code io.galvani.launcher.StationLauncher} turns it into a Felix framework. The exact bundle set of
 * {@code bundle/*.jar}, the start levels of the {@code startlevel.N} patterns and the framework properties of
 * {@code conf/launcher.properties}, plus the {@code galvani.*} properties the launcher derives from STATION_*.
 */
final class GalvaniDistribution {
    static final String STATION_ID = "GALVANI-PAX";
    /** Unlisted bundles get {@code startlevel.default}, 3 when not set, as in the launcher. */
    private static final String DEFAULT_LEVEL_KEY = "startlevel.default";
    private static final int DEFAULT_START_LEVEL = 3;
    private static final String VARIANT = "reference-dc480";
    /** Pax Exam installs its probe bundle at this level (fixed), once the framework has reached its final level. */
    private static final int PROBE_START_LEVEL = 5;
    /**
     * The bundles Pax Exam's "test" system would add at start level 2 (its defaultTestSystemOptions, minus
     * pax-logging). We run the "default" system (surefire sets pax.exam.system=default) and add them here one level
     * above the station's highest: at level 2 they started before logback, and since they log, slf4j's first
     * LoggerFactory call settled on NOP for the whole framework (no station log at all).
     */
    private static final String[] PAX_EXAM_LINKS = {
        "org.ops4j.pax.exam", "org.ops4j.pax.exam.inject", "org.ops4j.pax.extender.service", "org.ops4j.base",
        "org.ops4j.pax.swissbox.core", "org.ops4j.pax.swissbox.extender", "org.ops4j.pax.swissbox.framework",
        "org.ops4j.pax.swissbox.lifecycle", "org.ops4j.pax.swissbox.tracker", "jakarta.inject-api" };

    private GalvaniDistribution() {
    }

    static Path home() {
        return Path.of(System.getProperty("galvani.distribution", "../target/galvani")).toAbsolutePath().normalize();
    }

    /**
     * A fresh station: new data dir, new free ports for its CSMS and its local API. Pax Exam calls
     * {@code @Configuration} once per test class, so the frameworks of its test methods share them, one after another.
     */
    static Option[] freshStation() {
        try {
            Path home = home();
            Path bundleDir = home.resolve("bundle");
            if (!Files.isDirectory(bundleDir)) {
                throw new IllegalStateException(bundleDir + " does not exist: build the distribution first");
            }
            Path work = Path.of(System.getProperty("galvani.paxexam.work", "target/paxexam-data")).toAbsolutePath();
            Files.createDirectories(work);
            Path dataDir = Files.createTempDirectory(work, "station-");
            Path variantFile = home.resolve("conf/variants/" + VARIANT + ".json");

            Properties launcher = new Properties();
            try (InputStream in = Files.newInputStream(home.resolve("conf/launcher.properties"))) {
                launcher.load(in);
            }

            List<Option> options = new ArrayList<>();
            int stationTop = defaultLevel(launcher);
            for (Path jar : jars(bundleDir)) {
                Attributes manifest = manifest(jar);
                String bsn = manifest.getValue("Bundle-SymbolicName").split(";")[0].trim();
                boolean fragment = manifest.getValue("Fragment-Host") != null;
                int level = startLevel(launcher, bsn);
                stationTop = Math.max(stationTop, level);
                options.add(bundle(jar.toUri().toString()).startLevel(level).start(!fragment));
            }

            // Framework properties of conf/launcher.properties. A beginning start level is left out: Pax Exam raises
            // the framework to the frameworkStartLevel below once everything is installed.
            for (String key : launcher.stringPropertyNames()) {
                if (!key.startsWith("startlevel.") && !key.equals("org.osgi.framework.startlevel.beginning")) {
                    String value = launcher.getProperty(key).replace("${galvani.home}", home.toString())
                            .replace("${galvani.variant.file}", variantFile.toString());
                    options.add(frameworkProperty(key).value(value));
                }
            }

            // What the launcher derives from STATION_CSMS_URL, STATION_DATA_DIR, STATION_API_PORT, plus the fast
            // timings the station tests use.
            Map<String, String> station = new LinkedHashMap<>();
            station.put("galvani.home", home.toString());
            station.put("galvani.station.id", STATION_ID);
            station.put("galvani.csms.url", "ws://127.0.0.1:" + freePort() + "/ocpp");
            station.put("galvani.csms.demo", "false");
            station.put("galvani.security.profile", "1");
            station.put("galvani.basic.auth.password", "");
            station.put("galvani.data.dir", dataDir.toString());
            station.put("galvani.api.port", Integer.toString(freePort()));
            station.put("galvani.variant", VARIANT);
            station.put("galvani.variant.file", variantFile.toString());
            station.put("gosh.args", "--nointeractive");
            station.put("galvani.retry.wait.minimum", "1");
            station.put("galvani.retry.random.range", "0");
            station.put("galvani.boot.retry", "1");
            station.put("galvani.sim.cable.check.millis", "0");
            station.put("galvani.sim.pre.charge.millis", "0");
            station.forEach((k, v) -> options.add(frameworkProperty(k).value(v)));

            // Read by logback-paxexam.xml (the station's logback bundle reads system properties): one log per run.
            options.add(systemProperty("galvani.paxexam.log").value(dataDir.resolve("station.log").toString()));
            options.add(bootDelegationPackage("sun.*"));
            int paxExamLevel = stationTop + 1;
            options.add(frameworkStartLevel(Math.max(PROBE_START_LEVEL, paxExamLevel)));
            for (String link : PAX_EXAM_LINKS) {
                options.add(url("link:classpath:META-INF/links/" + link + ".link").startLevel(paxExamLevel));
            }
            options.add(junitBundles());
            return options.toArray(new Option[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static Attributes manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null || file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                throw new IllegalStateException(jar + " is not a bundle");
            }
            return file.getManifest().getMainAttributes();
        }
    }

    /**
     * The launcher's rule: the lowest {@code startlevel.N} whose pattern (a name, or a prefix ending in '*')
     * matches; otherwise {@code startlevel.default} (3 when not set).
     */
    static int startLevel(Properties launcher, String bsn) {
        int level = Integer.MAX_VALUE;
        for (String key : launcher.stringPropertyNames()) {
            if (key.startsWith("startlevel.") && !key.equals(DEFAULT_LEVEL_KEY)) {
                int n = Integer.parseInt(key.substring("startlevel.".length()));
                for (String pattern : launcher.getProperty(key).split(",")) {
                    String p = pattern.trim();
                    boolean match = p.endsWith("*") ? bsn.startsWith(p.substring(0, p.length() - 1)) : bsn.equals(p);
                    if (!p.isEmpty() && match) {
                        level = Math.min(level, n);
                    }
                }
            }
        }
        return level == Integer.MAX_VALUE ? defaultLevel(launcher) : level;
    }

    private static int defaultLevel(Properties launcher) {
        return Integer.parseInt(launcher.getProperty(DEFAULT_LEVEL_KEY, Integer.toString(DEFAULT_START_LEVEL)).trim());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
