package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/** The distribution as an operator uses it: the launcher script, persistence of hot updates. */
class DistributionTest extends StationTestBase {

    @Test
    void anInvalidSettingStopsStartUpWithOneLineNamingIt() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(StationUnderTest.DISTRIBUTION.resolve("bin/galvani").toString());
        builder.environment().put("STATION_API_PORT", "eighty");
        builder.environment().put("STATION_DATA_DIR", dataDir.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).containsExactly(
                "galvani: STATION_API_PORT=\"eighty\" is invalid: an integer from 1 to 65535");
    }

    @Test
    void aBundleUpdatedAtRunTimeSurvivesARestart() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        Bundle display = station.bundle("io.galvani.hal.sim.display");
        Version shipped = display.getVersion();
        Version updated = new Version(shipped.getMajor(), shipped.getMinor(), shipped.getMicro() + 1, "hotfix");

        try (InputStream in = withVersion(Path.of(java.net.URI.create(display.getLocation())), updated)) {
            display.update(in);
        }
        assertThat(station.bundle("io.galvani.hal.sim.display").getVersion()).isEqualTo(updated);
        station.close();

        station = station().start();
        Bundle afterRestart = station.bundle("io.galvani.hal.sim.display");
        assertThat(afterRestart.getVersion()).isEqualTo(updated);
        assertThat(afterRestart.getState()).isEqualTo(Bundle.ACTIVE);
    }

    /** A copy of a bundle jar with another Bundle-Version, standing in for a newer build. */
    private static InputStream withVersion(Path jar, Version version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version.toString());
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
