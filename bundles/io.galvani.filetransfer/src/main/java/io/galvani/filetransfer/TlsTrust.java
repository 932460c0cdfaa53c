package io.galvani.filetransfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Server certificate trust for HTTPS and FTPS transfers (uploads and downloads): the JDK's default CAs (N01.FR.16) plus the CAs of an
 * optional PKCS12 trust store (e.g. the CSMS root, N01.FR.15). A server is trusted when any of the two
 * accepts its chain; host name verification stays with the caller (HttpClient, FTPS endpoint checking).
 */
public final class TlsTrust {
    private TlsTrust() {
    }

    public static X509ExtendedTrustManager trustManager(Path trustStore, char[] trustStorePassword)
            throws GeneralSecurityException, IOException {
        List<X509ExtendedTrustManager> managers = new ArrayList<>();
        managers.add(fromKeyStore(null));
        if (trustStore != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                store.load(in, trustStorePassword);
            }
            managers.add(fromKeyStore(store));
        }
        return managers.size() == 1 ? managers.get(0) : new AnyOf(managers);
    }

    public static SSLContext sslContext(Path trustStore, char[] trustStorePassword)
            throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { trustManager(trustStore, trustStorePassword) }, null);
        return context;
    }

    private static X509ExtendedTrustManager fromKeyStore(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** Trusts what any delegate trusts. */
    private static final class AnyOf extends X509ExtendedTrustManager {
        private final List<X509ExtendedTrustManager> delegates;

        AnyOf(List<X509ExtendedTrustManager> delegates) {
            this.delegates = List.copyOf(delegates);
        }

        private interface Check {
            void run(X509ExtendedTrustManager m) throws CertificateException;
        }

        private void any(Check check) throws CertificateException {
            CertificateException reported = null;
            for (X509ExtendedTrustManager m : delegates) {
                try {
                    check.run(m);
                    return;
                } catch (CertificateException e) {
                    // "unknown CA" from one store says less than e.g. a host name mismatch from the other
                    if (reported == null || unknownIssuer(reported)) {
                        reported = e;
                    }
                }
            }
            throw reported;
        }

        private static boolean unknownIssuer(CertificateException e) {
            return e.getMessage() != null && e.getMessage().startsWith("PKIX path building failed");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            any(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            any(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            any(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegates.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
