package io.galvani.security.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register as a service to hear of changes of the {@link CertificateStore} that concern an open
 * connection. Called on a thread of the certificate bundle; return quickly (hand the work to your own executor).
 */
@ConsumerType
public interface CertificateStoreListener {

    /**
     * The CSMS sent a new ChargingStationCertificate (CertificateSigned Accepted): the OCPP link should reconnect
     * now so that the renewed certificate is used (A02.FR.08, errata). Called after the CertificateSignedResponse
     * was handed to the link.
     */
    void stationCredentialsRenewed();
}
