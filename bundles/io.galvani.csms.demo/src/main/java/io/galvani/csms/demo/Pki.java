package io.galvani.csms.demo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A small certificate authority for the demo CSMS and for tests: a root (the CSMSRootCertificate a station
 * installs), server certificates for the CSMS, station certificates, and CSRs signed into ChargingStationCertificates
 * (what a CSMS does on SignCertificate). EC P-256 keys and ECDSA-SHA256 signatures (OCPP A00.FR.5xx); BouncyCastle
 * with its provider passed explicitly, never installed JVM-wide.
 *
 * <p>Not for production: the keys live in memory only.
 */
public final class Pki {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Issued root;

    /**
     * A certificate with its key and the chain a peer sends (the certificate first, then the intermediate CAs; the
     * root is not included).
     */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
        public Issued {
            chain = List.copyOf(chain);
        }

        /** The chain as PEM, leaf first. */
        public String chainPem() {
            return pem(chain.toArray(new X509Certificate[0]));
        }

        /** Without the key. */
        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
        }
    }

    private Pki(Issued root) {
        this.root = root;
    }

    /** A new root CA "CN=&lt;name&gt;, O=Galvani demo", valid from an hour ago for ten years. */
    public static Pki create(String name) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("CN=" + name + ", O=Galvani demo");
        Instant now = Instant.now();
        X509Certificate cert = build(subject, keys.getPublic(), subject, keys.getPrivate(), keys.getPublic(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)), true, List.of());
        return new Pki(new Issued(cert, keys.getPrivate(), List.of(cert)));
    }

    public X509Certificate root() {
        return root.certificate();
    }

    /** An intermediate CA signed by this root; its own {@link Pki} issues certificates that chain through it. */
    public Pki intermediate(String name) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = build(new X500Name("CN=" + name + ", O=Galvani demo"), keys.getPublic(),
                subject(root.certificate()), root.key(), root.certificate().getPublicKey(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1825)), true, List.of());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        root.chain().stream().filter(c -> c != root.certificate()).forEach(chain::add);
        return new Pki(new Issued(cert, keys.getPrivate(), chain));
    }

    /** The certificate of this CA itself (for an intermediate: the certificate the root signed). */
    public Issued authority() {
        return root;
    }

    /** A TLS server certificate "CN=&lt;host&gt;" with the given DNS names, valid from an hour ago for a year. */
    public Issued server(String host, String... dnsNames) {
        Instant now = Instant.now();
        return server(host, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), dnsNames);
    }

    /** A TLS server certificate valid from {@code notBefore} to {@code notAfter} (e.g. an expired one for tests). */
    public Issued server(String host, Instant notBefore, Instant notAfter, String... dnsNames) {
        KeyPair keys = newKeyPair();
        X509Certificate cert = build(new X500Name("CN=" + host + ", O=Galvani demo CSMS"), keys.getPublic(),
                subject(root.certificate()), root.key(), root.certificate().getPublicKey(), notBefore, notAfter, false,
                List.of(dnsNames));
        return issued(cert, keys.getPrivate());
    }

    /** A ChargingStationCertificate "CN=&lt;serialNumber&gt;, O=&lt;organization&gt;" with a new key pair. */
    public Issued station(String serialNumber, String organization) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = build(new X500Name("CN=" + serialNumber + ", O=" + organization), keys.getPublic(),
                subject(root.certificate()), root.key(), root.certificate().getPublicKey(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365)), false, List.of());
        return issued(cert, keys.getPrivate());
    }

    /**
     * Signs a PEM PKCS#10 CSR (what a CSMS does after SignCertificate): the subject and key of the request, valid
     * from now for {@code validity}. Returns the chain to send in CertificateSigned (leaf first).
     *
     * @throws IllegalArgumentException if the text is no CSR or its self-signature is wrong
     */
    public List<X509Certificate> sign(String csrPem, Duration validity) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            Object o = parser.readObject();
            if (!(o instanceof PKCS10CertificationRequest csr)) {
                throw new IllegalArgumentException("not a PEM certificate signing request");
            }
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                    .build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("the CSR's signature does not match its key");
            }
            PublicKey key = new JcaPKCS10CertificationRequest(csr).setProvider(BC).getPublicKey();
            Instant now = Instant.now();
            X509Certificate cert = build(csr.getSubject(), key, subject(root.certificate()), root.key(),
                    root.certificate().getPublicKey(), now.minus(Duration.ofMinutes(5)), now.plus(validity), false,
                    List.of());
            return chainFor(cert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CSR: " + e.getMessage(), e);
        }
    }

    /** PEM text of certificates, in order. */
    public static String pem(X509Certificate... certificates) {
        return pemOf((Object[]) certificates);
    }

    /** PEM text of a private key: PKCS#8 ("PRIVATE KEY"), what {@code openssl genpkey} writes too. */
    public static String pem(PrivateKey key) {
        try {
            return pemOf(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode the key", e);
        }
    }

    private static String pemOf(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private Issued issued(X509Certificate cert, PrivateKey key) {
        return new Issued(cert, key, chainFor(cert));
    }

    /** {@code cert}, then this CA's own chain when it is an intermediate (a peer never sends the root). */
    private List<X509Certificate> chainFor(X509Certificate cert) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        if (!isSelfSigned(root.certificate())) {
            chain.addAll(root.chain());
        }
        return List.copyOf(chain);
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static X500Name subject(X509Certificate c) {
        return X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key pairs in this JVM", e);
        }
    }

    private static X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
            PublicKey issuerPublicKey, Instant notBefore, Instant notAfter, boolean ca, List<String> dnsNames) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs()
                    .add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, ca ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublicKey));
            if (!dnsNames.isEmpty()) {
                GeneralName[] names = dnsNames.stream().map(n -> n.matches("[0-9.]+")
                        ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKey);
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(b.build(signer));
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }
}
