package io.galvani.security.certificates.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A renewal waiting for its certificate: the key pair generated on the station and the PEM CSR sent to the CSMS.
 * The private key stays in this JVM and in an owner-only file; {@link #toString} leaves it out.
 */
record PendingCsr(PrivateKey key, PublicKey publicKey, String csrPem) {

    PendingCsr {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(csrPem, "csrPem");
    }

    @Override
    public String toString() {
        return "PendingCsr[" + publicKey.getAlgorithm() + " " + CertificateChecks.keyBits(publicKey) + " bits]";
    }
}
