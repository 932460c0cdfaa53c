package io.galvani.security.certificates.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.galvani.security.certificates.internal.Pem.InvalidPem;

/**
 * Checks the certificateChain of a CertificateSigned (A02.FR.06/16, A03.FR.06/16, errata 2025-01): PEM, leaf first
 * then its CAs, at most MaxCertificateChainSize characters; the leaf is for the key pair of the pending CSR; every
 * certificate valid now (not expired, not yet valid) with a strong key (A00.FR.501–503); each one issued by the
 * next; and, when CSMS root certificates are installed, a path to one of them that the JDK's PKIX validator
 * (RFC 5280 §6: names, signatures, validity, basic constraints, key usage of the CAs) accepts, which is the
 * "Charging Station Operator certificate hierarchy" of A00 §1.4.2. Revocation is not checked (A00 §1.5: online
 * verification is the CSMS's part).
 */
final class SignedChainCheck {

    private SignedChainCheck() {
    }

    /** Either the chain (leaf first) or why it is refused. */
    record Outcome(List<X509Certificate> chain, String problem, String reasonCode) {
        boolean valid() {
            return problem == null;
        }

        static Outcome refused(String reasonCode, String problem) {
            return new Outcome(List.of(), problem, reasonCode);
        }
    }

    /**
     * @param pem          the certificateChain as received
     * @param maxChainSize SecurityCtrlr.MaxCertificateChainSize
     * @param pending      the renewal waiting for a certificate, or null
     * @param csmsRoots    the installed CSMSRootCertificates valid now (empty: the chain is checked on its own)
     */
    static Outcome check(String pem, int maxChainSize, PendingCsr pending, List<X509Certificate> csmsRoots,
            Instant now) {
        if (pem.length() > maxChainSize) {
            return Outcome.refused("TooLargeElement", "the certificate chain has " + pem.length()
                    + " characters, more than MaxCertificateChainSize " + maxChainSize);
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(pem);
        } catch (InvalidPem e) {
            return Outcome.refused("InvalidCertificate", "the certificate chain " + e.getMessage());
        }
        X509Certificate leaf = chain.get(0);
        if (pending == null) {
            return Outcome.refused("InvalidCertificate", "no certificate signing request is waiting for a certificate");
        }
        if (!CertificateChecks.sameKey(leaf.getPublicKey(), pending.publicKey())) {
            return Outcome.refused("InvalidCertificate",
                    CertificateChecks.name(leaf) + " is not for the key pair of the station's signing request");
        }
        for (X509Certificate certificate : chain) {
            Optional<String> problem = CertificateChecks.validAt(certificate, now)
                    .or(() -> CertificateChecks.strongKey(certificate));
            if (problem.isPresent()) {
                return Outcome.refused("InvalidCertificate", problem.get());
            }
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!CertificateChecks.issuedBy(chain.get(i), chain.get(i + 1))) {
                return Outcome.refused("InvalidCertificate", CertificateChecks.name(chain.get(i))
                        + " is not issued by the next certificate of the chain, " + CertificateChecks.name(chain.get(i + 1)));
            }
        }
        X509Certificate last = chain.get(chain.size() - 1);
        if (csmsRoots.isEmpty()) {
            // Nothing to anchor the chain to: a self-signed top must at least verify.
            if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())
                    && !CertificateChecks.signedBy(last, last)) {
                return Outcome.refused("InvalidCertificate", CertificateChecks.name(last) + " has a bad self-signature");
            }
            return new Outcome(chain, null, null);
        }
        return pkix(chain, csmsRoots, now).map(p -> Outcome.refused("InvalidCertificate", p))
                .orElse(new Outcome(chain, null, null));
    }

    /** Path validation up to an installed CSMS root; a root sent at the end of the chain is the anchor itself. */
    private static Optional<String> pkix(List<X509Certificate> chain, List<X509Certificate> roots, Instant now) {
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate last = path.get(path.size() - 1);
        if (path.size() > 1 && roots.stream().anyMatch(r -> r.equals(last))) {
            path.remove(path.size() - 1);
        }
        X509Certificate top = path.get(path.size() - 1);
        if (roots.stream().noneMatch(r -> CertificateChecks.issuedBy(top, r))) {
            return Optional.of(CertificateChecks.name(top) + " is not issued by an installed CSMSRootCertificate");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            Set<TrustAnchor> anchors = roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of("certificate path validation failed: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of("certificate path validation could not run: " + e.getMessage());
        }
    }
}
