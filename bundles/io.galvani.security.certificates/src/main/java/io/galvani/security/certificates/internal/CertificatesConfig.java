package io.galvani.security.certificates.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of PID {@value #PID}. The attributes named after a SecurityCtrlr variable are that variable
 * ({@link SecurityCtrlrVariables}): SetVariables writes them here and {@link CertificateService} applies them
 * live, so these defaults are the defaults the device model reports.
 *
 * <p>The three paths are the factory provisioning of a station (the distribution fills them from
 * {@code STATION_CSMS_ROOT_CERT}, {@code STATION_CLIENT_CERT}, {@code STATION_CLIENT_KEY}): each file is
 * imported into the store once per content, so a certificate the CSMS deletes or renews later is not brought
 * back by the next start.
 */
@ObjectClassDefinition(name = "Galvani certificates",
        description = "Certificate store (CA certificates, the station's certificate and key), M03-M05, A02/A03")
public @interface CertificatesConfig {
    /** Our configuration PID, also where the device model keeps the writable SecurityCtrlr variables. */
    String PID = "io.galvani.security.certificates";

    @AttributeDefinition(description = "PEM file with a CSMS root certificate to install at start (once per content); "
            + "empty = none")
    String csmsRootCertificatePath() default "";

    @AttributeDefinition(description = "PEM file with the station's certificate (leaf first, then its CAs) to "
            + "install at start (once per content); needs stationKeyPath; empty = none")
    String stationCertificatePath() default "";

    @AttributeDefinition(description = "PEM file with the private key of stationCertificatePath (unencrypted PKCS#8, "
            + "SEC1 or PKCS#1); copied into the store readable by the station's user only")
    String stationKeyPath() default "";

    @AttributeDefinition(description = "The station's unique serial number: the CN of the certificate signing "
            + "requests (A00.FR.511). Must be the serialNumber of BootNotification. Empty = the CN of the station "
            + "certificate in use; without either no CSR can be made")
    String serialNumber() default "";

    @AttributeDefinition(description = "SecurityCtrlr.OrganizationName: the O of the certificate signing requests "
            + "(A00.FR.509); a renewal needs it (A02/A03 prerequisite)")
    String organizationName() default "";

    @AttributeDefinition(description = "Most certificates the station keeps (maxLimit of SecurityCtrlr.CertificateEntries: "
            + "CA certificates plus the station's own); read when the bundle starts", min = "2", max = "1000")
    int maxCertificateEntries() default 20;

    @AttributeDefinition(description = "SecurityCtrlr.CertSigningWaitMinimum: seconds to wait for CertificateSigned "
            + "before the CSR is sent again; doubled after each attempt (A02.FR.17/18)", min = "1")
    int certSigningWaitMinimumSeconds() default 30;

    @AttributeDefinition(description = "SecurityCtrlr.CertSigningRepeatTimes: how many times the wait is doubled; the CSR "
            + "is sent again after each wait, then the station waits for a new TriggerMessage (A02.FR.19)",
            min = "0", max = "16")
    int certSigningRepeatTimes() default 3;

    @AttributeDefinition(description = "SecurityCtrlr.MaxCertificateChainSize: longest certificateChain accepted in "
            + "CertificateSigned, in characters (A02.FR.16); read-only to the CSMS", min = "1000", max = "10000")
    int maxCertificateChainSize() default 10000;

    @AttributeDefinition(description = "Days before the station certificate expires when the station starts a renewal "
            + "by itself (A03.FR.02: one month); checked at start and daily; 0 = never", min = "0")
    int renewBeforeExpiryDays() default 30;

    @AttributeDefinition(description = "Key pair generated for a renewal (A00.FR.502/503: RSA at least 2048 bits, EC at "
            + "least 224 bits). The key type decides the TLS cipher suites the station can use (A00.FR.422)",
            options = {
                @Option(label = "EC P-256 (secp256r1)", value = "EC_P256"),
                @Option(label = "EC P-384 (secp384r1)", value = "EC_P384"),
                @Option(label = "RSA 2048 bits", value = "RSA_2048"),
                @Option(label = "RSA 3072 bits", value = "RSA_3072") })
    String keyType() default "EC_P256";
}
