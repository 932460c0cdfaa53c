package io.galvani.imagetool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.firmware.installer.image.Image;
import io.galvani.firmware.installer.image.ImageReader;

/**
 * The tool end to end: demo keys, an image of a distribution folder (the real one when it is built, see
 * {@link #distribution}), its signature verified with the JDK alone, the image read back with the installer's reader.
 */
class GalvaniImageTest {
    @TempDir
    Path dir;

    @Test
    void ecKeysSignAnImageTheJdkVerifies() throws Exception {
        buildAndVerify("ec", "SHA256withECDSA", null);
    }

    @Test
    void rsaKeysSignWithPss() throws Exception {
        buildAndVerify("rsa", "RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }

    @Test
    void badArgumentsGetAPreciseAnswer() throws Exception {
        Run r = run("build", "--from", dir.toString(), "--firmware-version", "1.0", "--key", "k", "--cert", "c", "--out", "o.zip");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("is not a Galvani distribution (no bundle/ folder)");
        r = run("build", "--from", distribution().toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--firmware-version is required");
        r = run("keys", "--out", dir.resolve("k").toString(), "--algorithm", "dsa");
        assertThat(r.err).contains("--algorithm must be ec or rsa, not dsa");
        run("keys", "--out", dir.resolve("k2").toString());
        Run again = run("keys", "--out", dir.resolve("k2").toString());
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err).contains("exists; not overwritten");
    }

    private void buildAndVerify(String algorithm, String jdkAlgorithm, PSSParameterSpec params) throws Exception {
        Path keys = dir.resolve("keys");
        assertThat(run("keys", "--out", keys.toString(), "--algorithm", algorithm).code).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(DemoKeys.SIGNING_KEY)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(DemoKeys.ROOT_KEY)))).isEqualTo("rw-------");

        Path image = dir.resolve("galvani-2.0.0.zip");
        Run r = run("build", "--from", distribution().toString(), "--firmware-version", "2.0.0",
                "--key", keys.resolve(DemoKeys.SIGNING_KEY).toString(), "--cert", keys.resolve(DemoKeys.SIGNING_CERT).toString(),
                "--out", image.toString());
        assertThat(r.code).as(r.err).isZero();

        JsonNode firmware = new ObjectMapper().readTree(r.out);
        String signature = Files.readString(dir.resolve("galvani-2.0.0.zip.sig")).trim();
        assertThat(firmware.get("signature").asText()).isEqualTo(signature);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate signingCert = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(firmware.get("signingCertificate").asText().getBytes(StandardCharsets.US_ASCII)));
        X509Certificate root = (X509Certificate) cf.generateCertificate(Files.newInputStream(keys.resolve(DemoKeys.ROOT_CERT)));
        signingCert.verify(root.getPublicKey()); // the chain the station checks against its ManufacturerRootCertificate
        assertThat(signingCert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.3");

        Signature verifier = Signature.getInstance(jdkAlgorithm);
        if (params != null) {
            verifier.setParameter(params);
        }
        verifier.initVerify(signingCert.getPublicKey());
        verifier.update(Files.readAllBytes(image));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();

        Image read = new ImageReader().read(image, dir.resolve("unpacked"));
        assertThat(read.manifest().firmwareVersion()).isEqualTo("2.0.0");
        try (var jars = Files.list(distribution().resolve("bundle"))) {
            assertThat(read.manifest().bundles()).hasSize((int) jars.filter(p -> p.toString().endsWith(".jar")).count());
        }
    }

    /**
     * The built distribution ({@code distribution/target/galvani}) when it exists; otherwise (the tool is built before
     * the distribution) a folder of real bundles from this test's class path with a launcher.properties.
     */
    private Path distribution() throws Exception {
        Path real = Path.of(System.getProperty("galvani.distribution", "../target/galvani"));
        if (Files.isDirectory(real.resolve("bundle"))) {
            return real;
        }
        Path fake = dir.resolve("dist");
        if (!Files.exists(fake)) {
            Files.createDirectories(fake.resolve("bundle"));
            Files.createDirectories(fake.resolve("conf"));
            Files.writeString(fake.resolve("conf/launcher.properties"), "startlevel.4=com.fasterxml.jackson.*\nstartlevel.default=5\n");
            for (Class<?> c : List.of(ObjectMapper.class, com.fasterxml.jackson.core.JsonParser.class,
                    com.fasterxml.jackson.annotation.JsonProperty.class, org.bouncycastle.cert.X509CertificateHolder.class)) {
                Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                Files.copy(jar, fake.resolve("bundle").resolve(jar.getFileName()));
            }
        }
        return fake;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GalvaniImage.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
