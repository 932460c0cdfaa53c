package io.galvani.csms.demo;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * TLS for a {@link DemoCsms} (security profiles 2 and 3): the server's certificate chain and key, and for profile 3
 * the roots the stations' certificates must chain to. Protocols and cipher suites default to TLS 1.2/1.3 with
 * Jetty's defaults; tests narrow them to play a CSMS the station must refuse.
 *
 * @param chain        the server certificate first, then intermediates
 * @param key          its private key
 * @param clientRoots  roots for client certificates; non-empty = a client certificate is required (profile 3)
 * @param protocols    enabled protocols, e.g. {@code TLSv1.2}; empty = TLS 1.2 and 1.3
 * @param cipherSuites enabled cipher suites; empty = Jetty's defaults
 */
public record TlsOptions(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientRoots,
        List<String> protocols, List<String> cipherSuites) {

    public TlsOptions {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS server needs its certificate");
        }
        Objects.requireNonNull(key, "key");
        clientRoots = List.copyOf(clientRoots == null ? List.of() : clientRoots);
        protocols = List.copyOf(protocols == null ? List.of() : protocols);
        cipherSuites = List.copyOf(cipherSuites == null ? List.of() : cipherSuites);
    }

    /** Security profile 2: server authentication only. */
    public static TlsOptions server(Pki.Issued server) {
        return new TlsOptions(server.chain(), server.key(), List.of(), List.of(), List.of());
    }

    /** Security profile 3: the stations must present a certificate that chains to one of {@code clientRoots}. */
    public static TlsOptions mutual(Pki.Issued server, X509Certificate... clientRoots) {
        return new TlsOptions(server.chain(), server.key(), List.of(clientRoots), List.of(), List.of());
    }

    public TlsOptions withProtocols(String... values) {
        return new TlsOptions(chain, key, clientRoots, List.of(values), cipherSuites);
    }

    public TlsOptions withCipherSuites(String... values) {
        return new TlsOptions(chain, key, clientRoots, protocols, List.of(values));
    }

    /** Without the key. */
    @Override
    public String toString() {
        return "TlsOptions[" + chain.get(0).getSubjectX500Principal().getName() + ", client auth: "
                + !clientRoots.isEmpty() + ", protocols " + protocols + ", suites " + cipherSuites + "]";
    }
}
