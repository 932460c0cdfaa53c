package io.galvani.ocpp.rpc.internal;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS rules of OCPP 2.0.1 A00 for the station's side of security profiles 2 and 3:
 * <ul>
 * <li>TLS 1.2 or 1.3 only (A00.FR.313/416); a CSMS that offers less is refused by the handshake;</li>
 * <li>the cipher suites of the specification (A00.FR.319/422 and PICS C-41: both pairs, ECDHE first for forward
 * secrecy) plus the TLS 1.3 suites and their ECDHE-RSA counterparts; nothing weaker (A00.FR.320/423);</li>
 * <li>the CSMS certificate's path to an installed CSMSRootCertificate and its name checked against the host
 * (endpoint identification "HTTPS", A00.FR.308/309/411/412), and a wildcard certificate refused unless
 * SecurityCtrlr.AllowCSMSTLSWildcards (errata 2025-02);</li>
 * <li>no renegotiation; JSSE has no TLS compression (A00.FR.321/424).</li>
 * </ul>
 */
final class TlsSettings {
    private static final Logger logger = LoggerFactory.getLogger(TlsSettings.class);

    static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

    static final String[] CIPHER_SUITES = {
        // TLS 1.3
        "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
        // TLS 1.2: the OCPP pairs (A00.FR.319/422), ECDHE first
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256" };

    /** Jetty's default exclusions without "^TLS_RSA_.*$": OCPP lists the two TLS_RSA GCM suites. */
    private static final String[] EXCLUDED_CIPHER_SUITES = {
        "^.*_(MD5|SHA|SHA1)$", "^SSL_.*$", "^.*_NULL_.*$", "^.*_anon_.*$", "^.*_(CBC|RC4|DES|3DES|EXPORT)_.*$" };

    private TlsSettings() {
    }

    /** Applies the rules to a client factory that has not been started. */
    static void apply(SslContextFactory.Client ssl, boolean allowWildcards) {
        ssl.setTrustAll(false);
        ssl.setIncludeProtocols(PROTOCOLS);
        ssl.setExcludeCipherSuites(EXCLUDED_CIPHER_SUITES);
        ssl.setIncludeCipherSuites(CIPHER_SUITES);
        ssl.setUseCipherSuitesOrder(true);
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setRenegotiationAllowed(false);
        if (!allowWildcards) {
            ssl.setHostnameVerifier(new NoWildcards());
        }
    }

    /**
     * Refuses a CSMS certificate that names the host only through a wildcard ({@code *.example.com}). Runs after the
     * JDK accepted the certificate and its name, so a name that is not an exact entry can only be a wildcard.
     */
    static final class NoWildcards implements HostnameVerifier {
        @Override
        public boolean verify(String host, SSLSession session) {
            try {
                Certificate[] chain = session.getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate leaf && namesExactly(leaf, host)) {
                    return true;
                }
                logger.warn("The CSMS's TLS certificate names {} only through a wildcard; refused"
                        + " (SecurityCtrlr.AllowCSMSTLSWildcards is false)", host);
                return false;
            } catch (SSLPeerUnverifiedException e) {
                return false;
            }
        }
    }

    /** Whether {@code host} is one of the certificate's DNS or IP names exactly (the CN only if it has no DNS name). */
    static boolean namesExactly(X509Certificate cert, String host) {
        String wanted = normalize(host);
        List<String> dnsNames = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alt : alternatives) {
                    int type = (Integer) alt.get(0);
                    String name = String.valueOf(alt.get(1));
                    if (type == 2) { // dNSName
                        dnsNames.add(normalize(name));
                    } else if (type == 7 && normalize(name).equals(wanted)) { // iPAddress
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (!dnsNames.isEmpty()) {
            return dnsNames.contains(wanted);
        }
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && normalize(String.valueOf(rdn.getValue())).equals(wanted)) {
                    return true;
                }
            }
        } catch (InvalidNameException e) {
            return false;
        }
        return false;
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
