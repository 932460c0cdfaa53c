package io.galvani.csms.demo.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import io.galvani.csms.demo.TlsOptions;

/** The wss:// connector of the demo CSMS, and the client certificates of a TLS request. */
final class TlsConnector {
    private static final char[] PASSWORD = "demo-csms".toCharArray(); // in-memory key store only

    private TlsConnector() {
    }

    static ServerConnector create(Server server, TlsOptions tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("csms", tls.key(), PASSWORD, tls.chain().toArray(new Certificate[0]));
            ssl.setKeyStore(keys);
            ssl.setKeyStorePassword(new String(PASSWORD));
            ssl.setKeyManagerPassword(new String(PASSWORD));
            if (!tls.clientRoots().isEmpty()) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < tls.clientRoots().size(); i++) {
                    trust.setCertificateEntry("client-root-" + i, tls.clientRoots().get(i));
                }
                ssl.setTrustStore(trust);
                ssl.setNeedClientAuth(true);
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("unusable TLS settings for the demo CSMS: " + e.getMessage(), e);
        }
        ssl.setIncludeProtocols(tls.protocols().isEmpty() ? new String[] { "TLSv1.3", "TLSv1.2" }
                : tls.protocols().toArray(String[]::new));
        if (!tls.cipherSuites().isEmpty()) {
            ssl.setExcludeCipherSuites(); // exactly the suites asked for, weak ones included (tests)
            ssl.setIncludeCipherSuites(tls.cipherSuites().toArray(String[]::new));
        }
        HttpConfiguration http = new HttpConfiguration();
        // The station connects to an IP address or "localhost": no SNI host check.
        http.addCustomizer(new SecureRequestCustomizer(false));
        return new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
    }

    /** The certificate chain the client presented in the TLS handshake of {@code request}; empty if none. */
    static List<X509Certificate> clientCertificates(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData session && session.peerCertificates() != null) {
            return List.of(session.peerCertificates());
        }
        return List.of();
    }
}
