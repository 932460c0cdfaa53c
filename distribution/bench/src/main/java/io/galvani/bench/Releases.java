package io.galvani.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Firmware images as an OEM makes them, for the update bench and the station tests: a copy of the distribution in
 * which one bundle changed, built and signed with the distribution's own {@code bin/galvani-image}.
 */
public final class Releases {

    /** A change to a bundle's manifest (version, activator, …). */
    public interface ManifestChange {
        void apply(Attributes main);
    }

    /** The signed image and its OCPP signature (base64, as UpdateFirmware carries it). */
    public record Image(Path file, String signature) {
    }

    private final Path home;
    private final Path signingKey;
    private final Path signingCertificate;

    /**
     * @param home               the distribution folder ({@code bin/galvani-image}, {@code bundle/}, {@code conf/})
     * @param signingKey         PEM private key of the firmware signing certificate
     * @param signingCertificate PEM firmware signing certificate
     */
    public Releases(Path home, Path signingKey, Path signingCertificate) {
        this.home = home;
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
    }

    /**
     * Builds the image of the distribution with {@code symbolicName}'s jar changed: {@code change} applied to its
     * manifest and a file {@code RELEASE-NOTE.txt} naming the firmware version added, so every release differs.
     */
    public Image withChangedBundle(Path work, String firmwareVersion, String symbolicName, ManifestChange change)
            throws IOException, InterruptedException {
        Path release = work.resolve("release-" + firmwareVersion);
        Files.createDirectories(release.resolve("bundle"));
        Files.createDirectories(release.resolve("conf"));
        Files.copy(home.resolve("conf/launcher.properties"), release.resolve("conf/launcher.properties"),
                StandardCopyOption.REPLACE_EXISTING);
        boolean found = false;
        try (Stream<Path> jars = Files.list(home.resolve("bundle"))) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                Path target = release.resolve("bundle").resolve(jar.getFileName());
                if (symbolicName.equals(symbolicName(jar))) {
                    rewrite(jar, target, change, firmwareVersion);
                    found = true;
                } else {
                    Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (!found) {
            throw new BenchFailure("no bundle " + symbolicName + " in " + home.resolve("bundle"));
        }
        Path image = work.resolve("galvani-" + firmwareVersion + ".zip");
        run(List.of(home.resolve("bin/galvani-image").toString(), "build", "--from", release.toString(),
                "--firmware-version", firmwareVersion, "--key", signingKey.toString(), "--cert",
                signingCertificate.toString(), "--out", image.toString()));
        String signature = Files.readString(image.resolveSibling(image.getFileName() + ".sig"),
                StandardCharsets.US_ASCII).trim();
        return new Image(image, signature);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tool.waitFor(120, TimeUnit.SECONDS) || tool.exitValue() != 0) {
            tool.destroyForcibly();
            throw new BenchFailure("galvani-image failed: " + output.strip());
        }
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            String bsn = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].trim();
        }
    }

    private static void rewrite(Path from, Path to, ManifestChange change, String firmwareVersion) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(from))) {
            Manifest manifest = new Manifest(in.getManifest());
            change.apply(manifest.getMainAttributes());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(to), manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("RELEASE-NOTE.txt"));
                out.write(("release " + firmwareVersion + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
