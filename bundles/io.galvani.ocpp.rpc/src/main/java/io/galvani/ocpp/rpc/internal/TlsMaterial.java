package io.galvani.ocpp.rpc.internal;

import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import io.galvani.security.api.StationCredentials;

/**
 * What one TLS connection attempt trusts and presents.
 *
 * @param trustAnchors the CSMSRootCertificates; the CSMS's chain must end at one of them
 * @param credentials  the station's certificate and key (security profile 3), else {@code null}
 */
record TlsMaterial(List<X509Certificate> trustAnchors, StationCredentials credentials) {

    TlsMaterial {
        trustAnchors = List.copyOf(trustAnchors);
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("TLS needs at least one trust anchor");
        }
    }

    /** Identifies the material: the same fingerprint means the TLS context need not be rebuilt. */
    String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (X509Certificate c : trustAnchors) {
                sha.update(c.getEncoded());
            }
            String roots = HexFormat.of().formatHex(sha.digest());
            return credentials == null ? roots : roots + "/" + credentials.id();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the TLS material", e);
        }
    }

    /** The trust anchors as an in-memory key store. */
    KeyStore trustStore() throws java.security.GeneralSecurityException, java.io.IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < trustAnchors.size(); i++) {
            ks.setCertificateEntry("csms-root-" + i, trustAnchors.get(i));
        }
        return ks;
    }

    /** The station's key and chain as an in-memory key store protected by {@code password}; null without. */
    KeyStore keyStore(char[] password) throws java.security.GeneralSecurityException, java.io.IOException {
        if (credentials == null) {
            return null;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("station", credentials.key(), password,
                credentials.chain().toArray(new java.security.cert.Certificate[0]));
        return ks;
    }

    /** Without the key. */
    @Override
    public String toString() {
        return "TlsMaterial[" + trustAnchors.size() + " CSMS root(s)" + (credentials == null ? "" : ", " + credentials)
                + "]";
    }
}
