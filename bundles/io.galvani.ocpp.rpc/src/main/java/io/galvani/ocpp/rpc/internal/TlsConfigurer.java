package io.galvani.ocpp.rpc.internal;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Configures TLS for security profiles 2 and 3: the extension point for the security work. */
interface TlsConfigurer {
    /** Default: the JDK's trust store, no client certificate, no OCPP-managed certificates. */
    TlsConfigurer JDK_DEFAULTS = (ssl, profile) -> { };

    void configure(SslContextFactory.Client ssl, int securityProfile);

    /**
     * Whether a valid CSMSRootCertificate is installed (A05.FR.02: needed before NetworkConfigurationPriority
     * may name a profile with a higher security profile 2 or 3). The JDK trust store does not count.
     */
    default boolean csmsRootCertificateInstalled() {
        return false;
    }

    /** Whether a valid ChargingStationCertificate is installed (A05.FR.03: needed for security profile 3). */
    default boolean stationCertificateInstalled() {
        return false;
    }
}
