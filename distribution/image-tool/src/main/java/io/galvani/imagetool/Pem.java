package io.galvani.imagetool;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM files: a private key (PKCS#8 or traditional EC/RSA, unencrypted) and an X.509 certificate. */
final class Pem {

    private Pem() {
    }

    static PrivateKey privateKey(Path file) throws IOException {
        Object o = read(file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (o instanceof PEMKeyPair pair) {
            return converter.getPrivateKey(pair.getPrivateKeyInfo()); // a traditional EC key may carry no public key
        }
        if (o instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        throw new IllegalArgumentException(file + " holds no unencrypted private key (PEM)");
    }

    static X509Certificate certificate(Path file) throws IOException {
        Object o = read(file);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(file + " holds no X.509 certificate (PEM)");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static Object read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        try (Reader r = Files.newBufferedReader(file); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException(file + " is not a PEM file");
            }
            return o;
        }
    }

    /** The key signs what the certificate's public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        try {
            byte[] probe = "galvani".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] sig = ImageBuild.sign(key, probe);
            Signature v = key.getAlgorithm().equals("RSA") ? Signature.getInstance("RSASSA-PSS") : Signature.getInstance("SHA256withECDSA");
            if (key.getAlgorithm().equals("RSA")) {
                v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (Exception e) {
            return false;
        }
    }

    /** A private key as unencrypted PKCS#8 PEM ("PRIVATE KEY"), which OpenSSL and the JDK read. */
    static String encodePkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    static String encode(Object object) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(object);
        }
        return s.toString();
    }
}
