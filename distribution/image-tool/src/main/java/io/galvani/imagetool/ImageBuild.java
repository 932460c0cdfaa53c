package io.galvani.imagetool;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.firmware.installer.image.ImageException;
import io.galvani.firmware.installer.image.ImageManifest;
import io.galvani.firmware.installer.image.ImageReader;
import io.galvani.firmware.installer.image.ImageWriter;

/** {@code galvani-image build}: the image of a distribution folder, signed. */
final class ImageBuild {

    record Result(Path image, int bundles, Path signatureFile, String signature, String firmwareJson) {
    }

    private ImageBuild() {
    }

    static Result build(Path from, String firmwareVersion, Path keyFile, Path certFile, Path out) throws Exception {
        Path bundleDir = from.resolve("bundle");
        if (!Files.isDirectory(bundleDir)) {
            throw new IllegalArgumentException(from + " is not a Galvani distribution (no bundle/ folder)");
        }
        try {
            ImageManifest.validateFirmwareVersion(firmwareVersion);
        } catch (ImageException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        PrivateKey key = Pem.privateKey(keyFile);
        X509Certificate cert = Pem.certificate(certFile);
        if (!Pem.matches(key, cert)) {
            throw new IllegalArgumentException(keyFile + " is not the key of the certificate in " + certFile);
        }
        Properties launcher = new Properties();
        Path launcherFile = from.resolve("conf/launcher.properties");
        if (Files.isRegularFile(launcherFile)) {
            try (InputStream in = Files.newInputStream(launcherFile)) {
                launcher.load(in);
            }
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(bundleDir)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        ImageManifest manifest = ImageWriter.write(out, firmwareVersion, Instant.now().truncatedTo(ChronoUnit.SECONDS), jars,
                bsn -> startLevel(launcher, bsn));
        // Read back with the installer's own checks: what the tool writes, a station accepts.
        Path check = Files.createTempDirectory("galvani-image-check");
        try {
            new ImageReader().read(out, check);
        } finally {
            try (Stream<Path> paths = Files.walk(check)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        String signature = Base64.getEncoder().encodeToString(sign(key, Files.readAllBytes(out)));
        Path sigFile = out.resolveSibling(out.getFileName() + ".sig");
        Files.writeString(sigFile, signature + "\n", StandardCharsets.US_ASCII);
        ObjectMapper json = new ObjectMapper();
        String firmware = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.createObjectNode()
                .put("signingCertificate", Pem.encode(cert)).put("signature", signature));
        return new Result(out, manifest.bundles().size(), sigFile, signature, firmware);
    }

    /** EC: SHA256withECDSA (DER); RSA: RSASSA-PSS, SHA-256, MGF1 with SHA-256, salt 32 — what the station verifies. */
    static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature s;
        switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> s = Signature.getInstance("SHA256withECDSA");
            case "RSA" -> {
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            default -> throw new IllegalArgumentException("signing keys must be EC or RSA, not " + key.getAlgorithm());
        }
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    /** The launcher's rule: the lowest startlevel.N whose pattern matches, else startlevel.default (3 if unset). */
    static int startLevel(Properties launcher, String bsn) {
        int level = Integer.MAX_VALUE;
        for (String key : launcher.stringPropertyNames()) {
            if (key.startsWith("startlevel.") && !key.equals("startlevel.default")) {
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
        return level != Integer.MAX_VALUE ? level : Integer.parseInt(launcher.getProperty("startlevel.default", "3").trim());
    }

}
