package io.galvani.diagnostics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Galvani diagnostics", description = "GetLog: log archive and upload over HTTP(S) and FTP(S)")
public @interface DiagnosticsConfig {

    @AttributeDefinition(description = "Seconds to wait for the upload server to accept a connection", min = "1")
    int connectTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds one upload attempt may take (HTTP: whole request; FTP: longest "
            + "silence on the control or data connection)", min = "1")
    int transferTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Retries after a failed attempt when GetLog does not say (0 = one attempt only)",
            min = "0")
    int defaultRetries() default 1;

    @AttributeDefinition(description = "Seconds between attempts when GetLog does not give retryInterval", min = "0")
    int defaultRetryIntervalSeconds() default 60;

    @AttributeDefinition(description = "Upper bound for the retries a GetLog may ask for", min = "0")
    int maxRetries() default 10;

    @AttributeDefinition(description = "PKCS12 trust store with extra CA certificates for HTTPS and FTPS servers, "
            + "in addition to the JDK's default CAs; empty = JDK CAs only")
    String trustStorePath() default "";

    /** Maps to the private property {@code .trustStorePassword} (kept out of service properties). */
    @AttributeDefinition(description = "Password of the trust store", type = AttributeType.PASSWORD)
    String _trustStorePassword() default "";

    @AttributeDefinition(description = "Directory with the station's log files; empty = <galvani.data.dir>/logs")
    String logDirectory() default "";
}
