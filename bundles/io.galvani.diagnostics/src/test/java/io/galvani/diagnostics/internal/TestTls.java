package io.galvani.diagnostics.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate for 127.0.0.1/localhost made with the JDK's keytool, and a PKCS12 trust
 * store holding it: what a CSMS root would be in the field.
 */
final class TestTls {
    static final String STORE_PASSWORD = "server-store-pw";
    static final String TRUST_PASSWORD = "trust-store-pw";

    final Path serverStore;
    final Path trustStore;

    private TestTls(Path serverStore, Path trustStore) {
        this.serverStore = serverStore;
        this.trustStore = trustStore;
    }

    static TestTls generate(Path dir) throws IOException, InterruptedException {
        return generate(dir, "localhost", "SAN=dns:localhost,ip:127.0.0.1");
    }

    /** A certificate for {@code cn} with the subject alternative names {@code san} (keytool -ext syntax). */
    static TestTls generate(Path dir, String cn, String san) throws IOException, InterruptedException {
        Path server = dir.resolve(cn + "-server.p12");
        Path cert = dir.resolve(cn + "-server.cer");
        Path trust = dir.resolve(cn + "-trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-ext", san, "-validity", "2", "-keystore", server.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "server", "-keystore", server.toString(), "-storepass", STORE_PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "csms-root", "-file", cert.toString(), "-keystore",
                trust.toString(), "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD);
        return new TestTls(server, trust);
    }

    SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    Settings trusting(Settings s) {
        return s.withTrustStore(trustStore, TRUST_PASSWORD.toCharArray());
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }
}
