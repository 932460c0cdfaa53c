package io.galvani.security.certificates.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;

/**
 * The checks every certificate the station takes goes through (Part 2 A §1.4.1 Certificate Properties).
 * Each returns the reason it fails, in words for a log line or a statusInfo.additionalInfo, or empty.
 */
final class CertificateChecks {
    /** A00.FR.502: RSA and DSA keys of at least 2048 bits. */
    static final int MIN_RSA_BITS = 2048;
    /** A00.FR.503: elliptic-curve keys of at least 224 bits. */
    static final int MIN_EC_BITS = 224;

    private CertificateChecks() {
    }

    /** Not before and not after are both respected at {@code now} (A02.FR.06 errata: no future certificates). */
    static Optional<String> validAt(X509Certificate certificate, Instant now) {
        Date at = Date.from(now);
        if (at.before(certificate.getNotBefore())) {
            return Optional.of(name(certificate) + " is not valid before " + certificate.getNotBefore().toInstant());
        }
        if (at.after(certificate.getNotAfter())) {
            return Optional.of(name(certificate) + " expired " + certificate.getNotAfter().toInstant());
        }
        return Optional.empty();
    }

    static boolean isValidAt(X509Certificate certificate, Instant now) {
        return validAt(certificate, now).isEmpty();
    }

    /** A00.FR.501–503: the key gives at least 112-bit security. */
    static Optional<String> strongKey(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        int bits = keyBits(key);
        int min = key instanceof ECPublicKey ? MIN_EC_BITS : MIN_RSA_BITS;
        if (bits < 0) {
            return Optional.of(name(certificate) + " has a " + key.getAlgorithm() + " key, which the station does not "
                    + "accept (RSA, DSA or EC only)");
        }
        if (bits < min) {
            return Optional.of(name(certificate) + " has a " + bits + "-bit " + key.getAlgorithm() + " key (at least "
                    + min + " bits)");
        }
        return Optional.empty();
    }

    /** Size of an RSA or DSA modulus or an EC field in bits; -1 for other keys. */
    static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return -1;
    }

    /** A CA certificate that signed itself: subject = issuer, the signature verifies with its own key. */
    static Optional<String> selfSignedCa(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return Optional.of(name(certificate) + " is not a root certificate (issued by "
                    + certificate.getIssuerX500Principal().getName() + ")");
        }
        if (!signedBy(certificate, certificate)) {
            return Optional.of(name(certificate) + " has a self-signature that does not verify");
        }
        // basicConstraints cA: -1 = not a CA; a v1 certificate has no extensions and is taken as a CA
        if (certificate.getVersion() >= 3 && certificate.getBasicConstraints() < 0) {
            return Optional.of(name(certificate) + " is not a CA certificate (basicConstraints)");
        }
        return Optional.empty();
    }

    /** Whether {@code certificate} carries a signature made with the key of {@code issuer}. */
    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                && signedBy(certificate, issuer);
    }

    /** The same public key, whatever its encoding (named or explicit curve parameters). */
    static boolean sameKey(PublicKey a, PublicKey b) {
        if (a instanceof ECPublicKey x && b instanceof ECPublicKey y) {
            return x.getW().equals(y.getW())
                    && x.getParams().getCurve().equals(y.getParams().getCurve())
                    && x.getParams().getOrder().equals(y.getParams().getOrder());
        }
        if (a instanceof RSAPublicKey x && b instanceof RSAPublicKey y) {
            return x.getModulus().equals(y.getModulus()) && x.getPublicExponent().equals(y.getPublicExponent());
        }
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    /**
     * Whether {@code key} is the private half of {@code publicKey}: a signature made with one verifies with the
     * other. Works alike for RSA and EC keys, whatever their encoding.
     */
    static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** How a certificate is named in reasons and logs: its subject. Never secret. */
    static String name(X509Certificate certificate) {
        return "certificate \"" + certificate.getSubjectX500Principal().getName() + "\"";
    }
}
