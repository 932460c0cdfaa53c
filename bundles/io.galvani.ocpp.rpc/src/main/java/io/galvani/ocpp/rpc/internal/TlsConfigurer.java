package io.galvani.ocpp.rpc.internal;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Configures TLS for security profiles 2 and 3: the extension point for the security work. */
interface TlsConfigurer {
    /** Default: the JDK's trust store, no client certificate. */
    TlsConfigurer JDK_DEFAULTS = (ssl, profile) -> { };

    void configure(SslContextFactory.Client ssl, int securityProfile);
}
