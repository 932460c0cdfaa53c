package io.galvani.csms.demo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One WebSocket upgrade request as the CSMS saw it, including rejected ones.
 *
 * @param headers             request headers, names case-insensitive (includes Authorization: tests check it;
 *                            the CSMS never logs it)
 * @param offeredSubprotocols the Sec-WebSocket-Protocol values the client offered, in its order
 * @param acceptedSubprotocol {@code ocpp2.0.1}, or {@code null} when none was agreed
 * @param status              101 when upgraded, 401 when authorization failed
 * @param clientCertificates  the certificate chain the station presented in the TLS handshake (security profile 3),
 *                            leaf first; empty without TLS client authentication
 */
public record Handshake(Instant at, String stationId, Map<String, List<String>> headers,
        List<String> offeredSubprotocols, String acceptedSubprotocol, int status,
        List<java.security.cert.X509Certificate> clientCertificates) {

    /** Without TLS client authentication (the constructor of version 1.1). */
    public Handshake(Instant at, String stationId, Map<String, List<String>> headers, List<String> offeredSubprotocols,
            String acceptedSubprotocol, int status) {
        this(at, stationId, headers, offeredSubprotocols, acceptedSubprotocol, status, List.of());
    }

    public Handshake {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
            List<String> all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }));
        headers = java.util.Collections.unmodifiableMap(copy);
        offeredSubprotocols = List.copyOf(offeredSubprotocols);
        clientCertificates = List.copyOf(clientCertificates == null ? List.of() : clientCertificates);
    }

    /** First value of a request header (case-insensitive name), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
