package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.types.CertificateHashDataType;
import io.galvani.ocpp.model.types.HashAlgorithmEnumType;
import io.galvani.security.certificates.internal.TestPki.Issued;

/**
 * CertificateHashDataType (Part 2 §2.6), checked against an independent computation: BouncyCastle's OCSP
 * {@link CertificateID} (RFC 6960 §4.1.1), which defines issuerNameHash and issuerKeyHash the same way.
 */
class CertificateHashesTest {
    private final Issued root = TestPki.root("Hash Root");
    private final Issued intermediate = TestPki.intermediate("Hash Sub-CA", root);
    private final Issued leaf = TestPki.leaf("GLV-1", TestPki.ec().getPublic(), intermediate);

    @Test
    void M03_rootOfItself_hashesAsOcspCertId() throws Exception {
        CertificateHashDataType data = CertificateHashes.of(root.certificate(), root.certificate(),
                HashAlgorithmEnumType.SHA256);
        CertificateID expected = ocspId(root.certificate(), root.certificate(), NISTObjectIdentifiers.id_sha256);

        assertThat(data.hashAlgorithm()).isEqualTo(HashAlgorithmEnumType.SHA256);
        assertThat(data.issuerNameHash()).isEqualTo(hex(expected.getIssuerNameHash())).hasSize(64);
        assertThat(data.issuerKeyHash()).isEqualTo(hex(expected.getIssuerKeyHash())).hasSize(64);
        assertThat(data.serialNumber()).isEqualTo(root.certificate().getSerialNumber().toString(16));
    }

    @Test
    void M03_leafBelowIntermediate_issuerKeyHashIsTheIntermediatesKey() throws Exception {
        CertificateHashDataType data = CertificateHashes.of(leaf.certificate(), intermediate.certificate(),
                HashAlgorithmEnumType.SHA256);
        CertificateID expected = ocspId(leaf.certificate(), intermediate.certificate(), NISTObjectIdentifiers.id_sha256);

        assertThat(data.issuerNameHash()).isEqualTo(hex(expected.getIssuerNameHash()));
        assertThat(data.issuerKeyHash()).isEqualTo(hex(expected.getIssuerKeyHash()));
        assertThat(data.issuerKeyHash()).isNotEqualTo(CertificateHashes.issuerKeyHash(root.certificate(),
                HashAlgorithmEnumType.SHA256));
    }

    @Test
    void M03_rsaIssuer_andSha384Sha512_matchOcspCertId() throws Exception {
        Issued rsaRoot = TestPki.certificate("CN=RSA Root").keys(TestPki.rsa(2048)).ca().issue();
        CertificateID sha384 = ocspId(rsaRoot.certificate(), rsaRoot.certificate(), NISTObjectIdentifiers.id_sha384);
        CertificateID sha512 = ocspId(rsaRoot.certificate(), rsaRoot.certificate(), NISTObjectIdentifiers.id_sha512);

        CertificateHashDataType d384 = CertificateHashes.of(rsaRoot.certificate(), rsaRoot.certificate(),
                HashAlgorithmEnumType.SHA384);
        CertificateHashDataType d512 = CertificateHashes.of(rsaRoot.certificate(), rsaRoot.certificate(),
                HashAlgorithmEnumType.SHA512);

        assertThat(d384.issuerNameHash()).isEqualTo(hex(sha384.getIssuerNameHash()));
        assertThat(d384.issuerKeyHash()).isEqualTo(hex(sha384.getIssuerKeyHash()));
        assertThat(d512.issuerNameHash()).isEqualTo(hex(sha512.getIssuerNameHash())).hasSize(128);
        assertThat(d512.issuerKeyHash()).isEqualTo(hex(sha512.getIssuerKeyHash())).hasSize(128);
    }

    @Test
    void serialNumber_isLowerCaseHexWithoutPrefixOrLeadingZeroes() {
        assertThat(CertificateHashes.serialNumber(new BigInteger("00ab", 16))).isEqualTo("ab");
        // 0x80 is DER-encoded as 00 80 (sign octet); the text has no leading zero
        assertThat(CertificateHashes.serialNumber(BigInteger.valueOf(0x80))).isEqualTo("80");
        assertThat(CertificateHashes.serialNumber(new BigInteger("0F1E2D3C4B5A69788796A5B4C3D2E1F001020304", 16)))
                .isEqualTo("f1e2d3c4b5a69788796a5b4c3d2e1f001020304").hasSize(39);
        assertThat(CertificateHashes.serialNumber(BigInteger.ZERO)).isEqualTo("0");
    }

    @Test
    void serialNumberOfACertificateWithLeadingZeroOctets_hasNoLeadingZeroes() {
        Issued c = TestPki.certificate("CN=Small serial").ca().serial(BigInteger.valueOf(0x0102)).issue();
        assertThat(CertificateHashes.of(c.certificate(), c.certificate(), HashAlgorithmEnumType.SHA256).serialNumber())
                .isEqualTo("102");
    }

    @Test
    void M04_matching_ignoresLetterCaseAndLeadingZeroesOfTheSerial_andUsesTheCsmsAlgorithm() {
        CertificateHashDataType reported = CertificateHashes.of(root.certificate(), root.certificate(),
                HashAlgorithmEnumType.SHA384);
        CertificateHashDataType shouted = CertificateHashDataType.of(HashAlgorithmEnumType.SHA384,
                reported.issuerNameHash().toUpperCase(), reported.issuerKeyHash().toUpperCase(),
                "000" + reported.serialNumber().toUpperCase());

        assertThat(CertificateHashes.matches(shouted, root.certificate(), root.certificate())).isTrue();
        assertThat(CertificateHashes.matches(CertificateHashDataType.of(HashAlgorithmEnumType.SHA256,
                reported.issuerNameHash(), reported.issuerKeyHash(), reported.serialNumber()), root.certificate(),
                root.certificate())).as("SHA-384 hashes named as SHA-256").isFalse();
        assertThat(CertificateHashes.matches(CertificateHashDataType.of(HashAlgorithmEnumType.SHA384,
                reported.issuerNameHash(), reported.issuerKeyHash(), "1" + reported.serialNumber()), root.certificate(),
                root.certificate())).as("another serial").isFalse();
        assertThat(CertificateHashes.matches(CertificateHashDataType.of(HashAlgorithmEnumType.SHA384,
                reported.issuerNameHash(), reported.issuerKeyHash(), "not-hex"), root.certificate(),
                root.certificate())).isFalse();
    }

    @Test
    void fingerprint_isSha256OfTheDerCertificate() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(root.certificate().getEncoded());
        assertThat(CertificateHashes.fingerprint(root.certificate())).isEqualTo(hex(digest));
    }

    private static CertificateID ocspId(X509Certificate certificate, X509Certificate issuer,
            org.bouncycastle.asn1.ASN1ObjectIdentifier digest) throws Exception {
        DigestCalculator calculator = new JcaDigestCalculatorProviderBuilder().build()
                .get(new AlgorithmIdentifier(digest));
        return new CertificateID(calculator, new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
