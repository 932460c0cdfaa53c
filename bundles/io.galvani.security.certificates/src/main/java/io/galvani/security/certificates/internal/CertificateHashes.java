package io.galvani.security.certificates.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import io.galvani.ocpp.model.types.CertificateHashDataType;
import io.galvani.ocpp.model.types.HashAlgorithmEnumType;

/**
 * CertificateHashDataType (Part 2 §2.6), as in an OCSP CertID (RFC 6960 §4.1.1):
 * <ul>
 * <li>{@code issuerNameHash}: hash of the DER encoding of the certificate's own issuer field;</li>
 * <li>{@code issuerKeyHash}: hash of the issuer's public key: the value of the BIT STRING subjectPublicKey in the
 * issuer's certificate, without tag, length and unused-bits octet (for a self-signed root the issuer is the
 * certificate itself);</li>
 * <li>{@code serialNumber}: the serial number in hexadecimal, no "0x", no leading zeroes.</li>
 * </ul>
 * The specification fixes no letter case; hashes and serial numbers are reported in lower case and compared
 * without regard to case (identifierString is case-insensitive), serial numbers as numbers (so "00ab" matches
 * "AB").
 */
final class CertificateHashes {
    private static final HexFormat HEX = HexFormat.of();

    private CertificateHashes() {
    }

    /** The hash data of {@code certificate}, issued by {@code issuer} (the certificate itself for a root). */
    static CertificateHashDataType of(X509Certificate certificate, X509Certificate issuer, HashAlgorithmEnumType algorithm) {
        return CertificateHashDataType.of(algorithm, issuerNameHash(certificate, algorithm),
                issuerKeyHash(issuer, algorithm), serialNumber(certificate.getSerialNumber()));
    }

    static String issuerNameHash(X509Certificate certificate, HashAlgorithmEnumType algorithm) {
        return HEX.formatHex(digest(algorithm).digest(certificate.getIssuerX500Principal().getEncoded()));
    }

    static String issuerKeyHash(X509Certificate issuer, HashAlgorithmEnumType algorithm) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded());
        return HEX.formatHex(digest(algorithm).digest(info.getPublicKeyData().getBytes()));
    }

    /** Lower-case hex of the serial number's magnitude, without leading zeroes ("0" for zero). */
    static String serialNumber(BigInteger serial) {
        // A negative serial (not allowed by RFC 5280, but seen) is taken as its unsigned DER bytes.
        BigInteger magnitude = serial.signum() < 0 ? new BigInteger(1, serial.toByteArray()) : serial;
        return magnitude.toString(16);
    }

    /**
     * Whether {@code wanted} (from the CSMS) names {@code certificate} issued by {@code issuer}: same hashes
     * under the algorithm the CSMS used, in any letter case, and the same serial number as a number.
     */
    static boolean matches(CertificateHashDataType wanted, X509Certificate certificate, X509Certificate issuer) {
        return matches(wanted, certificate, issuer, false);
    }

    /** As {@link #matches(CertificateHashDataType, X509Certificate, X509Certificate)}; the issuer key is not compared
     *  when {@code issuerKeyUnknown} (the issuer certificate is not at hand). */
    static boolean matches(CertificateHashDataType wanted, X509Certificate certificate, X509Certificate issuer,
            boolean issuerKeyUnknown) {
        HashAlgorithmEnumType algorithm = wanted.hashAlgorithm();
        return sameSerial(wanted.serialNumber(), certificate.getSerialNumber())
                && wanted.issuerNameHash().trim().equalsIgnoreCase(issuerNameHash(certificate, algorithm))
                && (issuerKeyUnknown || wanted.issuerKeyHash().trim().equalsIgnoreCase(issuerKeyHash(issuer, algorithm)));
    }

    private static boolean sameSerial(String text, BigInteger serial) {
        String hex = text.trim().toLowerCase(Locale.ROOT);
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        try {
            return !hex.isEmpty() && new BigInteger(hex, 16).toString(16).equals(serialNumber(serial));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static MessageDigest digest(HashAlgorithmEnumType algorithm) {
        String name = switch (algorithm) {
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is part of every JDK", e);
        }
    }

    /** SHA-256 of the DER encoding, lower-case hex: the identity of a certificate in files and logs. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HEX.formatHex(digest(HashAlgorithmEnumType.SHA256).digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has an encoding", e);
        }
    }
}
