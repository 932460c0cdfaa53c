package io.galvani.ocpp.rpc.internal;

import java.util.List;
import java.util.function.Supplier;

import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.security.api.CertificateStore;
import io.galvani.security.api.StationCredentials;

/**
 * TLS material from the station's {@link CertificateStore}: only installed CSMSRootCertificates are trusted (never
 * the JDK's trust store, A00.FR.308), and profile 3 presents the first of the station's credentials (a renewed
 * certificate before the one in use, A02.FR.08).
 */
final class StoreTls implements TlsConfigurer {
    private final Supplier<CertificateStore> store;

    /** {@code store} gives the current store, or null while the certificate bundle is not running. */
    StoreTls(Supplier<CertificateStore> store) {
        this.store = store;
    }

    @Override
    public TlsMaterial material(int securityProfile) {
        CertificateStore s = store.get();
        if (s == null) {
            return NONE.material(securityProfile);
        }
        var roots = s.roots(GetCertificateIdUseEnumType.CSMSRootCertificate);
        if (roots.isEmpty()) {
            throw new TlsUnavailable("no valid CSMSRootCertificate is installed (InstallCertificate, or"
                    + " STATION_CSMS_ROOT_CERT when the station is set up)");
        }
        StationCredentials credentials = null;
        if (securityProfile == 3) {
            List<StationCredentials> all = s.stationCredentials();
            if (all.isEmpty()) {
                throw new TlsUnavailable("security profile 3 needs a ChargingStationCertificate (STATION_CLIENT_CERT"
                        + " and STATION_CLIENT_KEY when the station is set up, or a renewal)");
            }
            credentials = all.get(0);
        }
        return new TlsMaterial(roots, credentials);
    }

    @Override
    public boolean csmsRootCertificateInstalled() {
        CertificateStore s = store.get();
        return s != null && !s.roots(GetCertificateIdUseEnumType.CSMSRootCertificate).isEmpty();
    }

    @Override
    public boolean stationCertificateInstalled() {
        CertificateStore s = store.get();
        return s != null && !s.stationCredentials().isEmpty();
    }

    @Override
    public void connected(TlsMaterial material) {
        CertificateStore s = store.get();
        if (s != null && material.credentials() != null) {
            s.connectedWith(material.credentials());
        }
    }

    @Override
    public void refused(TlsMaterial material) {
        CertificateStore s = store.get();
        if (s != null && material.credentials() != null) {
            s.refusedWith(material.credentials());
        }
    }
}
