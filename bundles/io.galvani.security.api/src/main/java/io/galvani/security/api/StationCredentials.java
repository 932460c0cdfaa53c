package io.galvani.security.api;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The station's certificate chain and its private key, as the TLS client presents them. The key never leaves the
 * station: it is only handed to the TLS implementation in this JVM, never logged, never serialized.
 *
 * @param id      a stable identifier of this certificate (the SHA-256 of the leaf in hex), for logs and for
 *                {@link CertificateStore#connectedWith} / {@link CertificateStore#refusedWith}
 * @param chain   the leaf (the ChargingStationCertificate) first, then the intermediate CAs; at least one entry
 * @param key     the private key of the leaf
 * @param renewed true while this certificate came with CertificateSigned and no connection has used it yet
 */
public record StationCredentials(String id, List<X509Certificate> chain, PrivateKey key, boolean renewed) {

    public StationCredentials {
        Objects.requireNonNull(id, "id");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs its leaf certificate");
        }
        Objects.requireNonNull(key, "key");
    }

    /** The station's own certificate, the leaf of the chain. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Without the key: the record's default would print it. */
    @Override
    public String toString() {
        return "StationCredentials[" + id + ", " + certificate().getSubjectX500Principal().getName()
                + (renewed ? ", renewed" : "") + "]";
    }
}
