package io.galvani.security.api;

import java.security.cert.X509Certificate;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;

/**
 * The certificates the station keeps (OCPP 2.0.1 A00, A02/A03, M03–M05), provided by
 * {@code io.galvani.security.certificates}.
 *
 * <p>Contract: every method is thread-safe, returns in well under a millisecond from memory (never touches the
 * network, never blocks on the disk) and never returns {@code null}. What it returns is a snapshot: a certificate
 * installed or deleted later is seen by the next call. Callers read it when they need it (e.g. the transport for
 * each new connection) rather than caching it.
 */
@ProviderType
public interface CertificateStore {

    /**
     * The installed root (CA) certificates of one use that are valid now (inside their validity period): for
     * {@code CSMSRootCertificate} the trust anchors of the CSMS's TLS certificate (security profiles 2 and 3), for
     * {@code ManufacturerRootCertificate} those of firmware signing certificates. The JDK's own trust store never
     * counts. {@code V2GCertificateChain} is not a root use: always empty here.
     */
    List<X509Certificate> roots(GetCertificateIdUseEnumType use);

    /**
     * The station's own credentials for TLS client authentication (security profile 3), in the order to try them:
     * a renewed certificate that has not been used for a connection yet first (A02.FR.08), then the one that
     * worked last. Empty when the station has no ChargingStationCertificate. Each entry's certificate is the leaf,
     * followed by the intermediate CAs the CSMS sent with it.
     */
    List<StationCredentials> stationCredentials();

    /**
     * The transport tells which credentials a TLS connection to the CSMS succeeded with. A renewed certificate that
     * worked becomes the station's certificate and the older one is discarded (A02.FR.10, errata).
     */
    void connectedWith(StationCredentials credentials);

    /**
     * The transport tells that the CSMS refused a TLS connection with these credentials (the handshake failed after
     * the station presented them). A renewed certificate the CSMS refuses is discarded, the previous one is used
     * again and a {@code DiscardedRenewedClientCertificate} security event is reported (A02.FR.28/29, errata); for
     * the certificate in use this only counts as a failed attempt.
     */
    void refusedWith(StationCredentials credentials);
}
