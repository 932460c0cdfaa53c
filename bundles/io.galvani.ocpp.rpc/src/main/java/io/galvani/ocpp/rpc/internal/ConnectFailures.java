package io.galvani.ocpp.rpc.internal;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLException;

import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;

import io.galvani.security.api.SecurityEventType;

/**
 * Which security event a failed connection attempt is (OCPP 2.0.1 A00, Appendix 1): the CSMS's certificate not
 * valid for this station (untrusted, expired, wrong host, wildcard), a TLS version or only cipher suites the station
 * does not accept, the station's own credentials refused by the CSMS (its certificate in the handshake, or its
 * password with HTTP 401). Other failures (refused TCP connection, timeouts) are no security event.
 *
 * <p>JSSE reports these only as messages and causes, so the decision reads both; the tests run each case against a
 * real TLS server.
 */
final class ConnectFailures {

    /**
     * A classified failure.
     *
     * @param eventType        the Appendix 1 security event
     * @param techInfo         what happened, for the event (no secrets, ≤ 255 characters)
     * @param credentialsRefused the CSMS refused the station's certificate (security profile 3): the certificate
     *                           store is told, so a renewed certificate can be discarded (A02.FR.28)
     */
    record Classified(String eventType, String techInfo, boolean credentialsRefused) {
    }

    private ConnectFailures() {
    }

    static Optional<Classified> classify(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        boolean tls = false;
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return csmsCertificate("the CSMS certificate (or one of its CAs) is outside its validity period");
            }
            if (c instanceof CertPathBuilderException) {
                return csmsCertificate("the CSMS certificate does not lead to an installed CSMSRootCertificate");
            }
            if (c instanceof CertPathValidatorException v) {
                if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                        || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return csmsCertificate("the CSMS certificate (or one of its CAs) is outside its validity period");
                }
                return csmsCertificate("the CSMS certificate chain is not valid: " + v.getReason());
            }
            if (c instanceof UpgradeException u && u.getResponseStatusCode() == 401 || c.getMessage() != null
                    && c.getMessage().contains("Upgrade") && c.getMessage().contains(" 401")) {
                return Optional.of(new Classified(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS,
                        "the CSMS refused the station's HTTP Basic credentials (401)", false));
            }
            tls |= c instanceof SSLException;
            if (c.getMessage() != null) {
                messages.append(' ').append(c.getMessage().toLowerCase(Locale.ROOT));
            }
        }
        if (!tls) {
            return Optional.empty();
        }
        String m = messages.toString();
        if (m.contains("host name verification failed")) {
            return csmsCertificate("the CSMS certificate names the host only through a wildcard"
                    + " (SecurityCtrlr.AllowCSMSTLSWildcards is false)");
        }
        if (m.contains("no subject alternative") || m.contains("no name matching")) {
            return csmsCertificate("the CSMS certificate is not issued for this host name");
        }
        if (m.contains("pkix path") || m.contains("unable to find valid certification path")) {
            return csmsCertificate("the CSMS certificate does not lead to an installed CSMSRootCertificate");
        }
        if (m.contains("protocol version") || m.contains("protocol_version") || m.contains("no appropriate protocol")) {
            return Optional.of(new Classified(SecurityEventType.INVALID_TLS_VERSION,
                    "the CSMS does not offer TLS 1.2 or newer", false));
        }
        if (m.contains("bad_certificate") || m.contains("certificate_unknown") || m.contains("certificate_required")
                || m.contains("unknown_ca") || m.contains("certificate_expired") || m.contains("certificate_revoked")
                || m.contains("access_denied") || m.contains("unsupported_certificate")) {
            return Optional.of(new Classified(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS,
                    "the CSMS refused the station's certificate in the TLS handshake", true));
        }
        if (m.contains("handshake_failure") || m.contains("insufficient_security") || m.contains("no cipher suites")) {
            return Optional.of(new Classified(SecurityEventType.INVALID_TLS_CIPHER_SUITE,
                    "no cipher suite in common with the CSMS: it offers none of the suites OCPP allows", false));
        }
        return Optional.empty();
    }

    private static Optional<Classified> csmsCertificate(String techInfo) {
        return Optional.of(new Classified(SecurityEventType.INVALID_CSMS_CERTIFICATE, techInfo, false));
    }
}
