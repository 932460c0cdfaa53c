package io.galvani.ocpp.rpc.internal;

/**
 * What the transport needs from the station's certificates for TLS (security profiles 2 and 3): the
 * CSMSRootCertificates to trust and, for profile 3, the credentials to present. Implemented by
 * {@link StoreTls} over the {@link io.galvani.security.api.CertificateStore}.
 */
interface TlsConfigurer {

    /**
     * The material for the next connection attempt with {@code securityProfile} (2 or 3).
     *
     * @throws TlsUnavailable saying what is missing (no CSMSRootCertificate, no station certificate, no
     *                        certificate bundle); the attempt then counts as failed
     */
    TlsMaterial material(int securityProfile);

    /** Whether a valid CSMSRootCertificate is installed (A05.FR.02). The JDK's trust store does not count. */
    boolean csmsRootCertificateInstalled();

    /** Whether the station has a ChargingStationCertificate (A05.FR.03). */
    boolean stationCertificateInstalled();

    /** A TLS connection with {@code material} succeeded (a renewed certificate is then the one in use). */
    default void connected(TlsMaterial material) {
    }

    /** The CSMS refused the station's certificate of {@code material} in the TLS handshake. */
    default void refused(TlsMaterial material) {
    }

    /** No certificates at all: profiles 2 and 3 cannot connect (no certificate bundle). */
    TlsConfigurer NONE = new TlsConfigurer() {
        @Override
        public TlsMaterial material(int securityProfile) {
            throw new TlsUnavailable("no certificate store: the certificate bundle (io.galvani.security.certificates)"
                    + " is not running");
        }

        @Override
        public boolean csmsRootCertificateInstalled() {
            return false;
        }

        @Override
        public boolean stationCertificateInstalled() {
            return false;
        }
    };

    /** Why a TLS connection cannot be attempted; the message says what to install. */
    final class TlsUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TlsUnavailable(String message) {
            super(message);
        }
    }
}
