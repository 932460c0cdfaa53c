package io.galvani.security.certificates.internal;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Certificate hierarchies for the tests, made with BouncyCastle at test time: roots, intermediates and leaves
 * with EC or RSA keys, any validity period, any serial number. Validity is relative to a fixed "now" that the
 * tests also give the component (the MutableClock's start), so no test depends on the wall clock.
 */
final class TestPki {
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final AtomicLong SERIALS = new AtomicLong(0x1000);

    /** A key pair and the certificate of its public key. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        String pem() {
            return Pem.encode(certificate);
        }
    }

    private TestPki() {
    }

    static KeyPair ec() {
        return ec("secp256r1");
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, new SecureRandom());
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA certificate builder with sensible defaults; {@link Builder#issue} makes it. */
    static Builder certificate(String subject) {
        return new Builder(subject);
    }

    /** A root CA, EC P-256, valid from a year ago for ten years. */
    static Issued root(String cn) {
        return certificate("CN=" + cn + ",O=Test CSO").ca().issue();
    }

    /** An intermediate CA below {@code issuer}. */
    static Issued intermediate(String cn, Issued issuer) {
        return certificate("CN=" + cn + ",O=Test CSO").ca().issuedBy(issuer).issue();
    }

    /** A station certificate for {@code key} below {@code issuer}, valid from an hour ago for a year. */
    static Issued leaf(String cn, PublicKey key, Issued issuer) {
        return certificate("CN=" + cn + ",O=Test CSO").publicKey(key).issuedBy(issuer)
                .validity(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(365))).issue();
    }

    static String pem(Issued... certificates) {
        StringBuilder text = new StringBuilder();
        for (Issued c : certificates) {
            text.append(c.pem());
        }
        return text.toString();
    }

    static PKCS10CertificationRequest parseCsr(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final class Builder {
        private final String subject;
        private KeyPair keys;
        private PublicKey publicKey;
        private Issued issuer;
        private boolean ca;
        private boolean v1;
        private BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
        private Instant notBefore = NOW.minus(Duration.ofDays(365));
        private Instant notAfter = NOW.plus(Duration.ofDays(3650));

        private Builder(String subject) {
            this.subject = subject;
        }

        Builder keys(KeyPair k) {
            this.keys = k;
            return this;
        }

        /** The certificate is for this key (whose private half the test does not need). */
        Builder publicKey(PublicKey k) {
            this.publicKey = k;
            return this;
        }

        Builder issuedBy(Issued i) {
            this.issuer = i;
            return this;
        }

        Builder ca() {
            this.ca = true;
            return this;
        }

        /** An X.509 v1 certificate: no extensions at all. */
        Builder v1() {
            this.v1 = true;
            return this;
        }

        Builder serial(BigInteger s) {
            this.serial = s;
            return this;
        }

        Builder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        Issued issue() {
            try {
                KeyPair own = keys != null ? keys : publicKey == null ? ec() : null;
                PublicKey subjectKey = publicKey != null ? publicKey : own.getPublic();
                KeyPair signer = issuer != null ? issuer.keys() : own;
                X500Name issuerName = issuer != null
                        ? X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded())
                        : new X500Name(subject);
                String algorithm = signer.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
                JcaContentSignerBuilder contentSigner = new JcaContentSignerBuilder(algorithm);
                X509Certificate certificate;
                if (v1) {
                    X509v1CertificateBuilder b = new JcaX509v1CertificateBuilder(issuerName, serial,
                            Date.from(notBefore), Date.from(notAfter), new X500Name(subject), subjectKey);
                    certificate = new JcaX509CertificateConverter().getCertificate(b.build(contentSigner.build(signer.getPrivate())));
                } else {
                    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(notBefore),
                            Date.from(notAfter), new X500Name(subject), subjectKey);
                    if (ca) {
                        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                    } else {
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    }
                    certificate = new JcaX509CertificateConverter().getCertificate(b.build(contentSigner.build(signer.getPrivate())));
                }
                return new Issued(certificate, own);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
