package io.galvani.telemetry.testing;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests: a CA, a broker certificate for 127.0.0.1/localhost and client certificates, as
 * PEM files (keys PKCS#8, unencrypted) in a folder. EC P-256, SHA-256.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(Path dir) throws GeneralSecurityException, IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.caKeys = keyPair();
        this.ca = sign(new X500Name("CN=Galvani Test CA"), caKeys, caKeys.getPublic(), new X500Name("CN=Galvani Test CA"),
                true, null);
        write(dir.resolve("ca.pem"), ca);
    }

    public static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** Writes {@code name}.pem and {@code name}-key.pem; returns the certificate file. */
    public Path issue(String name, String commonName, boolean server) {
        try {
            KeyPair keys = keyPair();
            GeneralNames san = server ? new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
                    new GeneralName(GeneralName.dNSName, "localhost") }) : null;
            X509Certificate cert = sign(new X500Name("CN=" + commonName), caKeys, keys.getPublic(),
                    new X500Name("CN=Galvani Test CA"), false, san);
            write(dir.resolve(name + ".pem"), cert);
            writeKey(dir.resolve(name + "-key.pem"), keys.getPrivate());
            return dir.resolve(name + ".pem");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path key(String name) {
        return dir.resolve(name + "-key.pem");
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair issuerKeys, java.security.PublicKey subjectKey,
            X500Name issuer, boolean isCa, GeneralNames san) throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, subjectKey);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, isCa ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void write(Path file, Object pem) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(pem);
        }
    }

    private static void writeKey(Path file, PrivateKey key) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(new JcaPKCS8Generator(key, null));
        }
    }
}
