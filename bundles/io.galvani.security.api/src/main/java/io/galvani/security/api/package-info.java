/**
 * The station's security services, as the other bundles use them (OCPP 2.0.1 functional block A and M).
 *
 * <ul>
 * <li>{@link io.galvani.security.api.CertificateStore}: the installed root certificates (trust anchors of the CSMS
 * connection and of firmware signatures) and the station's own certificate and key (TLS client authentication,
 * security profile 3).</li>
 * <li>{@link io.galvani.security.api.CertificateStoreListener}: whiteboard told when the station's own credentials
 * were renewed, so that the OCPP link reconnects with them (A02.FR.08).</li>
 * <li>{@link io.galvani.security.api.SecurityEvents}: report a security event; it is kept in the tamper-evident
 * security log and, if critical, sent to the CSMS with SecurityEventNotification, queued until delivered.</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.galvani.security.api;
