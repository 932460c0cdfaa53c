package io.galvani.security.certificates.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The certificate signing request of a renewal (A02.FR.03, A03.FR.03): PKCS#10 (RFC 2986), PEM, subject
 * {@code O=<OrganizationName>, CN=<serial number>} (A00.FR.509/511), signed with the new key (proof of
 * possession) by the JDK's provider. It asks for the key usages of a TLS client key (A00.FR.512) and nothing else:
 * no subjectAltName (A00.FR.511 note), no extended key usage (A00.FR.514).
 */
final class CsrFactory {
    /** A00.FR.511: the serial number is not a URL or an IP address (so it cannot pass for a CSMS). */
    private static final Pattern URL_OR_IP = Pattern.compile(
            "(?i)^([a-z][a-z0-9+.-]*://.*|\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9a-f]*:[0-9a-f:.]*\\]?)$");
    /** X.520 upper bounds of commonName and organizationName. */
    static final int MAX_NAME = 64;

    private CsrFactory() {
    }

    /** Why a CSR cannot be made with these names, or empty. */
    static Optional<String> checkNames(String serialNumber, String organizationName) {
        if (organizationName.isEmpty()) {
            return Optional.of("SecurityCtrlr.OrganizationName is not set (A02/A03 prerequisite)");
        }
        if (organizationName.length() > MAX_NAME) {
            return Optional.of("SecurityCtrlr.OrganizationName is longer than " + MAX_NAME + " characters");
        }
        if (serialNumber.isEmpty()) {
            return Optional.of("the station's serial number is not configured (serialNumber of PID "
                    + CertificatesConfig.PID + ") and no station certificate names it");
        }
        if (serialNumber.length() > MAX_NAME || URL_OR_IP.matcher(serialNumber).matches()) {
            return Optional.of("the serial number \"" + serialNumber + "\" cannot be a CN (A00.FR.511: at most "
                    + MAX_NAME + " characters, not a URL or IP address)");
        }
        return Optional.empty();
    }

    /** The PEM CSR for {@code keys}; the names must have passed {@link #checkNames}. */
    static String create(KeyPair keys, KeyType type, String serialNumber, String organizationName)
            throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, organizationName)
                .addRDN(BCStyle.CN, serialNumber)
                .build();
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            boolean ec = keys.getPublic().getAlgorithm().equals("EC");
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                    | (ec ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment)));
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder(type.signatureAlgorithm()).build(keys.getPrivate()));
            return Pem.encode(csr);
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign the CSR: " + e.getMessage(), e);
        }
    }

    /** The CN of a certificate's subject, or empty. */
    static Optional<String> commonName(X509Certificate certificate) {
        RDN[] cn = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (cn.length == 0) {
            return Optional.empty();
        }
        ASN1Encodable value = cn[0].getFirst().getValue();
        return Optional.of(value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value));
    }
}
