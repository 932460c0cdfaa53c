package io.galvani.firmware.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Galvani firmware update",
        description = "UpdateFirmware (OCPP 2.0.1 L01): download, signature check, installation")
public @interface FirmwareConfig {

    @AttributeDefinition(description = "Largest firmware image accepted, in bytes; a longer download is broken off "
            + "and counts as a failed attempt", min = "1")
    long maxImageBytes() default 512L * 1024 * 1024;

    @AttributeDefinition(description = "Seconds to wait for the download server to accept a connection", min = "1")
    int connectTimeoutSeconds() default 30;

    @AttributeDefinition(description = "HTTP: seconds without an answer; FTP: longest silence on control or data "
            + "connection", min = "1")
    int transferTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Retries after a failed download when UpdateFirmware does not say", min = "0")
    int defaultRetries() default 2;

    @AttributeDefinition(description = "Seconds between download attempts when UpdateFirmware gives no "
            + "retryInterval", min = "0")
    int defaultRetryIntervalSeconds() default 60;

    @AttributeDefinition(description = "Upper bound for the retries an UpdateFirmware may ask for", min = "0")
    int maxRetries() default 10;

    @AttributeDefinition(description = "Seconds to wait for a FirmwareInstaller service when an installation is "
            + "due (it may itself be being updated); then InstallationFailed", min = "0")
    int installerWaitSeconds() default 300;

    @AttributeDefinition(description = "ChargingStation.AllowNewSessionsPendingFirmwareUpdate: false = EVSEs "
            + "without a transaction are made Unavailable while the installation waits for transactions to end "
            + "(L01.FR.07)")
    boolean allowNewSessionsPendingFirmwareUpdate() default false;

    @AttributeDefinition(description = "PKCS12 trust store with extra CA certificates for HTTPS and FTPS servers, "
            + "in addition to the JDK's default CAs; empty = JDK CAs only")
    String trustStorePath() default "";

    /** Maps to the private property {@code .trustStorePassword} (kept out of service properties). */
    @AttributeDefinition(description = "Password of the trust store", type = AttributeType.PASSWORD)
    String _trustStorePassword() default "";
}
