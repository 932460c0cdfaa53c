package io.galvani.security.certificates.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM (RFC 7468) in and out. BouncyCastle's parser reads the blocks; the objects are built by the JDK's
 * providers ({@link CertificateFactory}, {@link KeyFactory}), so the TLS stack of the
 * same JVM takes them as its own and no JCA provider is registered.
 */
final class Pem {

    private Pem() {
    }

    /** Text that is not what it should be; the message says what is wrong and never quotes key material. */
    static final class InvalidPem extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPem(String message) {
            super(message);
        }
    }

    /**
     * Every certificate of {@code text}, in order.
     *
     * @throws InvalidPem if there is none, a block is not a certificate or cannot be decoded
     */
    static List<X509Certificate> certificates(String text) throws InvalidPem {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object block : blocks(text)) {
            if (!(block instanceof X509CertificateHolder holder)) {
                throw new InvalidPem("holds a " + kind(block) + ", not only certificates");
            }
            certificates.add(certificate(holder));
        }
        if (certificates.isEmpty()) {
            throw new InvalidPem("holds no PEM certificate");
        }
        return certificates;
    }

    /**
     * The private key of {@code text}, which must hold exactly one unencrypted key and nothing else.
     *
     * @throws InvalidPem otherwise
     */
    static PrivateKey privateKey(String text) throws InvalidPem {
        List<Object> blocks = blocks(text);
        if (blocks.size() != 1) {
            throw new InvalidPem("holds " + blocks.size() + " PEM blocks, not exactly one private key");
        }
        return key(blocks.get(0));
    }

    /** The certificates and the one private key of a credentials file (any order). */
    record Contents(List<X509Certificate> certificates, PrivateKey key) {
    }

    static Contents certificatesAndKey(String text) throws InvalidPem {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        for (Object block : blocks(text)) {
            if (block instanceof X509CertificateHolder holder) {
                certificates.add(certificate(holder));
            } else if (key == null) {
                key = key(block);
            } else {
                throw new InvalidPem("holds more than one private key");
            }
        }
        if (certificates.isEmpty() || key == null) {
            throw new InvalidPem("needs a private key and at least one certificate");
        }
        return new Contents(certificates, key);
    }

    /** A private key and the certificate signing request made with it (a renewal waiting for its certificate). */
    record KeyAndRequest(PrivateKey key, PKCS10CertificationRequest request) {
    }

    static KeyAndRequest keyAndRequest(String text) throws InvalidPem {
        PrivateKey key = null;
        PKCS10CertificationRequest request = null;
        for (Object block : blocks(text)) {
            if (block instanceof PKCS10CertificationRequest csr && request == null) {
                request = csr;
            } else if (key == null && !(block instanceof PKCS10CertificationRequest)) {
                key = key(block);
            } else {
                throw new InvalidPem("holds more than one private key or request");
            }
        }
        if (key == null || request == null) {
            throw new InvalidPem("needs a private key and a certificate request");
        }
        return new KeyAndRequest(key, request);
    }

    /** PEM text of {@code objects}: X509Certificate, PrivateKey (PKCS#8), PKCS10CertificationRequest. */
    static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    writer.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail; an unknown object does
        }
        return out.toString().replace("\r\n", "\n");
    }

    static String encode(List<X509Certificate> certificates) {
        return encode(certificates.toArray());
    }

    private static List<Object> blocks(String text) throws InvalidPem {
        if (text == null) {
            throw new InvalidPem("is empty");
        }
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                blocks.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 and bad DER as IOException or DecoderException (runtime)
            throw new InvalidPem("is not valid PEM (" + e.getClass().getSimpleName() + ")");
        }
        return blocks;
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws InvalidPem {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            throw new InvalidPem("holds a certificate the JDK cannot read: " + e.getMessage());
        }
    }

    private static PrivateKey key(Object block) throws InvalidPem {
        if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new InvalidPem("holds an encrypted private key; the station needs it unencrypted");
        }
        PrivateKeyInfo info;
        if (block instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (block instanceof PrivateKeyInfo i) {
            info = i;
        } else {
            throw new InvalidPem("holds a " + kind(block) + ", not a private key");
        }
        return jdkKey(info);
    }

    /**
     * The JDK's key for a PKCS#8 structure (SEC1 and PKCS#1 keys arrive here converted to PKCS#8). BouncyCastle's
     * own converter would ask the JDK for "ECDSA" key factories, which only its provider has.
     */
    private static PrivateKey jdkKey(PrivateKeyInfo info) throws InvalidPem {
        String algorithm = keyAlgorithm(info.getPrivateKeyAlgorithm().getAlgorithm());
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidPem("holds a private key the JDK cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The JDK's public key of a certificate signing request. */
    static PublicKey publicKey(PKCS10CertificationRequest request) throws InvalidPem {
        SubjectPublicKeyInfo info = request.getSubjectPublicKeyInfo();
        String algorithm = keyAlgorithm(info.getAlgorithm().getAlgorithm());
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new InvalidPem("holds a public key the JDK cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String keyAlgorithm(ASN1ObjectIdentifier oid) throws InvalidPem {
        String algorithm;
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            algorithm = "EC";
        } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            algorithm = "RSA";
        } else if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            algorithm = "RSASSA-PSS";
        } else if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
            algorithm = "DSA";
        } else {
            throw new InvalidPem("holds a key of algorithm " + oid + ", which the station does not use");
        }
        return algorithm;
    }

    private static String kind(Object block) {
        if (block instanceof X509CertificateHolder) {
            return "certificate";
        }
        if (block instanceof PEMKeyPair || block instanceof PrivateKeyInfo || block instanceof PEMEncryptedKeyPair
                || block instanceof PKCS8EncryptedPrivateKeyInfo) {
            return "private key";
        }
        if (block instanceof PKCS10CertificationRequest) {
            return "certificate request";
        }
        return "PEM block of another kind";
    }
}
