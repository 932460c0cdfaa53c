package io.galvani.firmware.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The firmware signing certificate of an UpdateFirmware, checked before the request is accepted (L01.FR.21/22):
 * PEM, one certificate (the manufacturer uses no intermediates, L01 remark), valid now, with a path to an installed
 * ManufacturerRootCertificate checked with PKIX (L01.FR.12: X.509 rules), usable for signatures, and an RSA or EC
 * key.
 */
final class SigningCertificate {

    /** The certificate is not acceptable; the message says why (no secret in it: certificates are public). */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private SigningCertificate() {
    }

    static X509Certificate parse(String pem) throws Invalid {
        if (pem == null || pem.isBlank()) {
            throw new Invalid("no signing certificate in the request");
        }
        Collection<? extends java.security.cert.Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new Invalid("signing certificate is not a PEM X.509 certificate");
        }
        if (certs.size() != 1) {
            throw new Invalid("expected one signing certificate, got " + certs.size());
        }
        return (X509Certificate) certs.iterator().next();
    }

    /**
     * Parses and checks {@code pem} against {@code roots} at {@code now}.
     *
     * @return the certificate, whose public key verifies the image
     */
    static X509Certificate validate(String pem, List<X509Certificate> roots, Instant now) throws Invalid {
        X509Certificate cert = parse(pem);
        String algorithm = cert.getPublicKey().getAlgorithm();
        if (!algorithm.equals("RSA") && !algorithm.equals("EC") && !algorithm.equals("RSASSA-PSS")) {
            throw new Invalid("signing certificate has an unsupported key type " + algorithm);
        }
        boolean[] usage = cert.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new Invalid("signing certificate's key usage does not allow digital signatures");
        }
        if (roots.isEmpty()) {
            throw new Invalid("no ManufacturerRootCertificate installed");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false); // no CRL/OCSP reachable for firmware signing certificates
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            throw new Invalid(reason(e, cert, now));
        } catch (GeneralSecurityException e) {
            throw new Invalid("signing certificate cannot be checked: " + e.getMessage());
        }
        return cert;
    }

    private static String reason(CertPathValidatorException e, X509Certificate cert, Instant now) {
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return "signing certificate not valid before " + cert.getNotBefore().toInstant();
        }
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return "signing certificate expired " + cert.getNotAfter().toInstant();
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE
                || e.getReason() == CertPathValidatorException.BasicReason.UNSPECIFIED
                || e.getReason() == java.security.cert.PKIXReason.NO_TRUST_ANCHOR) {
            return "signing certificate (issuer " + cert.getIssuerX500Principal().getName()
                    + ") does not chain to an installed ManufacturerRootCertificate";
        }
        return "signing certificate rejected: " + e.getReason() + " " + e.getMessage();
    }
}
