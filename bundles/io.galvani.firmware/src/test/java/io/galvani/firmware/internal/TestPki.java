package io.galvani.firmware.internal;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates made at test time: manufacturer roots, firmware signing certificates, TLS servers. */
final class TestPki {
    private static final AtomicLong SERIALS = new AtomicLong(0x2000);

    /** A certificate and the key pair of its subject. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        String pem() {
            return TestPki.pem(certificate);
        }
    }

    private TestPki() {
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued root(String cn, Instant from, Instant to) {
        KeyPair keys = ec();
        return new Issued(build("CN=" + cn, keys.getPublic(), "CN=" + cn, keys.getPrivate(), from, to, true, null),
                keys);
    }

    static Issued signer(String cn, KeyPair keys, Issued issuer, Instant from, Instant to) {
        return new Issued(build("CN=" + cn, keys.getPublic(),
                issuer.certificate().getSubjectX500Principal().getName(), issuer.keys().getPrivate(), from, to, false,
                null), keys);
    }

    /** A self-signed TLS server certificate for 127.0.0.1 and localhost. */
    static Issued server(Instant from, Instant to) {
        KeyPair keys = ec();
        return new Issued(build("CN=localhost", keys.getPublic(), "CN=localhost", keys.getPrivate(), from, to, false,
                new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1") })), keys);
    }

    /** The OCPP firmware signature: SHA256withECDSA for EC, RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) for RSA. */
    static String sign(byte[] image, PrivateKey key) {
        try {
            Signature s;
            if (key.getAlgorithm().equals("EC")) {
                s = Signature.getInstance("SHA256withECDSA");
            } else {
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(ImageSignature.pss());
            }
            s.initSign(key);
            s.update(image);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static X509Certificate build(String subject, java.security.PublicKey key, String issuer,
            PrivateKey issuerKey, Instant from, Instant to, boolean ca, GeneralNames san) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(from), Date.from(to),
                    new X500Name(subject), key);
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
