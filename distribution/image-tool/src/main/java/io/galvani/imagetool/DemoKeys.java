package io.galvani.imagetool;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code galvani-image keys}: a demo manufacturer root CA and a firmware signing certificate signed by it (OCPP
 * 2.0.1 L01: the station verifies the signing certificate against its ManufacturerRootCertificate). For demos and
 * tests: a real OEM keeps its root key offline.
 */
final class DemoKeys {
    static final String ROOT_CERT = "manufacturer-root-ca.pem";
    static final String ROOT_KEY = "manufacturer-root-ca.key.pem";
    static final String SIGNING_CERT = "firmware-signing-cert.pem";
    static final String SIGNING_KEY = "firmware-signing-key.pem";

    private DemoKeys() {
    }

    static List<Path> generate(Path dir, String algorithm) throws Exception {
        boolean rsa = switch (algorithm) {
            case "ec" -> false;
            case "rsa" -> true;
            default -> throw new IllegalArgumentException("--algorithm must be ec or rsa, not " + algorithm);
        };
        Files.createDirectories(dir);
        for (String name : List.of(ROOT_CERT, ROOT_KEY, SIGNING_CERT, SIGNING_KEY)) {
            if (Files.exists(dir.resolve(name))) {
                throw new FileAlreadyExistsException(dir.resolve(name) + " exists; not overwritten");
            }
        }
        KeyPair root = keyPair(rsa);
        KeyPair signing = keyPair(rsa);
        Instant now = Instant.now();
        X500Name rootName = new X500Name("CN=Galvani Demo Manufacturer Root CA,O=Galvani demo");
        X509Certificate rootCert = certificate(rootName, root, rootName, root, now, Duration.ofDays(3650), true, rsa);
        X509Certificate signingCert = certificate(new X500Name("CN=Galvani Demo Firmware Signing,O=Galvani demo"), signing,
                rootName, root, now, Duration.ofDays(730), false, rsa);
        writePublic(dir.resolve(ROOT_CERT), Pem.encode(rootCert));
        writeSecret(dir.resolve(ROOT_KEY), Pem.encodePkcs8(root.getPrivate()));
        writePublic(dir.resolve(SIGNING_CERT), Pem.encode(signingCert));
        writeSecret(dir.resolve(SIGNING_KEY), Pem.encodePkcs8(signing.getPrivate()));
        return List.of(dir.resolve(ROOT_CERT), dir.resolve(ROOT_KEY), dir.resolve(SIGNING_CERT), dir.resolve(SIGNING_KEY));
    }

    private static KeyPair keyPair(boolean rsa) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
        if (rsa) {
            g.initialize(3072, new SecureRandom());
        } else {
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        }
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            Instant now, Duration validity, boolean ca, boolean rsa) throws Exception {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        String sigAlg = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(issuerKeys.getPrivate())));
    }

    private static void writePublic(Path file, String pem) throws IOException {
        Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
    }

    /** Owner-only from the start (0600), never readable by others even for a moment. */
    private static void writeSecret(Path file, String pem) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        }
    }
}
