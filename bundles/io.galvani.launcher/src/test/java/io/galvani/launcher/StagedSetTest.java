package io.galvani.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/** The launcher applies a set the firmware installer staged for the restart, or restores the previous one. */
class StagedSetTest {
    @TempDir
    Path dir;
    private Path home;
    private Path data;
    private Path sets;
    private Map<String, String> props;

    @BeforeEach
    void deliveredStation() throws Exception {
        home = dir.resolve("home");
        data = dir.resolve("data");
        sets = dir.resolve("sets");
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("bundle"));
        Files.createDirectories(sets);
        Files.writeString(home.resolve("conf/launcher.properties"), "startlevel.2=test.a\nstartlevel.default=3\n");
        bundleJar(home.resolve("bundle/test.a.jar"), "test.a", "1.0.0", null);
        bundleJar(home.resolve("bundle/test.gone.jar"), "test.gone", "1.0.0", null);
        props = Map.of("galvani.data.dir", data.toString(), "galvani.variant", "v",
                "galvani.variant.file", home.resolve("v.json").toString());
        StationLauncher first = new StationLauncher(home, props);
        assertThat(first.start().getBundleContext().getProperty(StationLauncher.STAGED_SETS)).isEqualTo("true");
        first.stop();
        bundleJar(sets.resolve("test.a-1.0.0.jar"), "test.a", "1.0.0", null);
        bundleJar(sets.resolve("test.gone-1.0.0.jar"), "test.gone", "1.0.0", null);
    }

    @Test
    void aStagedSetIsAppliedBeforeTheBundlesStart_andSurvivesTheNextStart() throws Exception {
        bundleJar(sets.resolve("test.a-1.1.0.jar"), "test.a", "1.1.0", null);
        bundleJar(sets.resolve("test.new-1.0.0.jar"), "test.new", "1.0.0", null);
        stage(StagedSet.STAGED, "to.test.a=3 " + sets.resolve("test.a-1.1.0.jar"), "to.test.new=3 " + sets.resolve("test.new-1.0.0.jar"));

        StationLauncher launcher = new StationLauncher(home, props);
        Framework framework = launcher.start();
        try {
            assertThat(bundle(framework, "test.a")).hasValueSatisfying(b -> {
                assertThat(b.getVersion()).hasToString("1.1.0");
                assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
                assertThat(b.adapt(BundleStartLevel.class).getStartLevel()).isEqualTo(3);
            });
            assertThat(bundle(framework, "test.new")).hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(Bundle.ACTIVE));
            assertThat(bundle(framework, "test.gone")).isEmpty();
            assertThat(staged().getProperty("state")).isEqualTo(StagedSet.APPLIED);
            assertThat(StationLauncher.removedBundles(data)).containsExactly("test.gone");
        } finally {
            launcher.stop();
        }

        StationLauncher again = new StationLauncher(home, props); // APPLIED is the installer's to finish
        framework = again.start();
        try {
            assertThat(bundle(framework, "test.a").orElseThrow().getVersion()).hasToString("1.1.0");
            assertThat(bundle(framework, "test.gone")).isEmpty();
        } finally {
            again.stop();
        }
    }

    @Test
    void aBundleOfTheStagedSetThatDoesNotStart_theLauncherRestoresThePreviousSet() throws Exception {
        bundleJar(sets.resolve("test.a-1.1.0.jar"), "test.a", "1.1.0", "no.such.Activator");
        stage(StagedSet.STAGED, "to.test.a=2 " + sets.resolve("test.a-1.1.0.jar"), "to.test.gone=3 " + sets.resolve("test.gone-1.0.0.jar"));

        StationLauncher launcher = new StationLauncher(home, props);
        Framework framework = launcher.start();
        try {
            assertThat(bundle(framework, "test.a")).hasValueSatisfying(b -> {
                assertThat(b.getVersion()).hasToString("1.0.0");
                assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            });
            assertThat(bundle(framework, "test.gone")).hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(Bundle.ACTIVE));
            Properties staged = staged();
            assertThat(staged.getProperty("state")).isEqualTo(StagedSet.RESTORED);
            assertThat(staged.getProperty("reason")).contains("test.a 1.1.0 did not start");
            assertThat(StationLauncher.removedBundles(data)).doesNotContain("test.gone", "test.a");
        } finally {
            launcher.stop();
        }
    }

    @Test
    void aPowerCutWhileApplying_theNextStartRestoresThePreviousSet() throws Exception {
        bundleJar(sets.resolve("test.a-1.1.0.jar"), "test.a", "1.1.0", null);
        stage(StagedSet.STAGED, "to.test.a=2 " + sets.resolve("test.a-1.1.0.jar"), "to.test.gone=3 " + sets.resolve("test.gone-1.0.0.jar"));
        StationLauncher launcher = new StationLauncher(home, props);
        launcher.start();
        launcher.stop();
        // the cut: the cache holds the new set, the file still says APPLYING
        Properties p = staged();
        p.setProperty("state", StagedSet.APPLYING);
        try (var out = Files.newBufferedWriter(data.resolve(StagedSet.FILE))) {
            p.store(out, null);
        }

        StationLauncher next = new StationLauncher(home, props);
        Framework framework = next.start();
        try {
            assertThat(bundle(framework, "test.a").orElseThrow().getVersion()).hasToString("1.0.0");
            assertThat(staged().getProperty("state")).isEqualTo(StagedSet.RESTORED);
            assertThat(staged().getProperty("reason")).contains("interrupted");
        } finally {
            next.stop();
        }
    }

    private void stage(String state, String... toEntries) throws Exception {
        StringBuilder sb = new StringBuilder("state=" + state + "\nchanged=test.a,test.gone,test.new\n");
        sb.append("from.test.a=2 ").append(sets.resolve("test.a-1.0.0.jar")).append('\n');
        sb.append("from.test.gone=3 ").append(sets.resolve("test.gone-1.0.0.jar")).append('\n');
        for (String e : toEntries) {
            sb.append(e).append('\n');
        }
        Files.createDirectories(data.resolve("firmware"));
        // Properties syntax: a path's backslashes (Windows) would need escaping; written as the installer does
        Properties p = new Properties();
        p.load(new StringReader(sb.toString()));
        try (var out = Files.newBufferedWriter(data.resolve(StagedSet.FILE))) {
            p.store(out, null);
        }
    }

    private Properties staged() throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(data.resolve(StagedSet.FILE))) {
            p.load(in);
        }
        return p;
    }

    private static Optional<Bundle> bundle(Framework framework, String name) {
        return Arrays.stream(framework.getBundleContext().getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst();
    }

    private static void bundleJar(Path jar, String name, String version, String activator) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", version);
        if (activator != null) {
            a.putValue("Bundle-Activator", activator);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            // manifest only
        }
    }
}
