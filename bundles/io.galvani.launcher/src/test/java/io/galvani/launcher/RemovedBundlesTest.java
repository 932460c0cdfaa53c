package io.galvani.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/** A bundle a firmware installation removed stays removed across restarts; the others come from the cache. */
class RemovedBundlesTest {

    @Test
    void aBundleRemovedByAFirmwareInstallationIsNotInstalledAgainAtTheNextStart(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("bundle"));
        Files.writeString(home.resolve("conf/launcher.properties"), "startlevel.2=test.kept\nstartlevel.default=3\n");
        bundleJar(home.resolve("bundle/test.kept.jar"), "test.kept");
        bundleJar(home.resolve("bundle/test.removed.jar"), "test.removed");
        Path data = dir.resolve("data");
        Map<String, String> props = Map.of("galvani.data.dir", data.toString(), "galvani.variant", "v",
                "galvani.variant.file", home.resolve("v.json").toString());

        StationLauncher first = new StationLauncher(home, props);
        Framework framework = first.start();
        assertThat(names(framework)).contains("test.kept", "test.removed");
        assertThat(bundle(framework, "test.kept").adapt(BundleStartLevel.class).getStartLevel()).isEqualTo(2);
        bundle(framework, "test.removed").uninstall(); // what the installer does, and then it records the name
        Files.createDirectories(data.resolve("firmware"));
        Files.writeString(data.resolve(StationLauncher.REMOVED_BUNDLES), "# removed by a firmware image\ntest.removed\n");
        first.stop();

        StationLauncher second = new StationLauncher(home, props);
        framework = second.start();
        try {
            assertThat(names(framework)).contains("test.kept").doesNotContain("test.removed");
        } finally {
            second.stop();
        }
    }

    private static Bundle bundle(Framework framework, String name) {
        return Arrays.stream(framework.getBundleContext().getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    private static java.util.List<String> names(Framework framework) {
        return Arrays.stream(framework.getBundleContext().getBundles()).map(Bundle::getSymbolicName).toList();
    }

    private static void bundleJar(Path jar, String name) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            // manifest only
        }
    }
}
