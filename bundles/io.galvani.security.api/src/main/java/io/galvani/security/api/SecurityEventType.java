package io.galvani.security.api;

import java.util.Set;

/**
 * The security event names of OCPP 2.0.1 Part 2 Appendix 1 (and the errata's DiscardedRenewedClientCertificate),
 * and which of them are critical: a critical event is sent to the CSMS with SecurityEventNotification (A04.FR.01),
 * the others are only kept in the security log.
 */
public final class SecurityEventType {
    public static final String FIRMWARE_UPDATED = "FirmwareUpdated";
    public static final String FAILED_TO_AUTHENTICATE_AT_CSMS = "FailedToAuthenticateAtCsms";
    public static final String CSMS_FAILED_TO_AUTHENTICATE = "CsmsFailedToAuthenticate";
    public static final String SETTING_SYSTEM_TIME = "SettingSystemTime";
    public static final String STARTUP_OF_THE_DEVICE = "StartupOfTheDevice";
    public static final String RESET_OR_REBOOT = "ResetOrReboot";
    public static final String SECURITY_LOG_WAS_CLEARED = "SecurityLogWasCleared";
    public static final String RECONFIGURATION_OF_SECURITY_PARAMETERS = "ReconfigurationOfSecurityParameters";
    public static final String MEMORY_EXHAUSTION = "MemoryExhaustion";
    public static final String INVALID_MESSAGES = "InvalidMessages";
    public static final String ATTEMPTED_REPLAY_ATTACKS = "AttemptedReplayAttacks";
    public static final String TAMPER_DETECTION_ACTIVATED = "TamperDetectionActivated";
    public static final String INVALID_FIRMWARE_SIGNATURE = "InvalidFirmwareSignature";
    public static final String INVALID_FIRMWARE_SIGNING_CERTIFICATE = "InvalidFirmwareSigningCertificate";
    public static final String INVALID_CSMS_CERTIFICATE = "InvalidCsmsCertificate";
    public static final String INVALID_CHARGING_STATION_CERTIFICATE = "InvalidChargingStationCertificate";
    public static final String INVALID_TLS_VERSION = "InvalidTLSVersion";
    public static final String INVALID_TLS_CIPHER_SUITE = "InvalidTLSCipherSuite";
    public static final String MAINTENANCE_LOGIN_ACCEPTED = "MaintenanceLoginAccepted";
    public static final String MAINTENANCE_LOGIN_FAILED = "MaintenanceLoginFailed";
    /** Errata 2025 (A02.FR.29): a renewed ChargingStationCertificate was discarded because the CSMS refused it. */
    public static final String DISCARDED_RENEWED_CLIENT_CERTIFICATE = "DiscardedRenewedClientCertificate";

    private static final Set<String> CRITICAL = Set.of(FIRMWARE_UPDATED, SETTING_SYSTEM_TIME, STARTUP_OF_THE_DEVICE,
            RESET_OR_REBOOT, SECURITY_LOG_WAS_CLEARED, MEMORY_EXHAUSTION, TAMPER_DETECTION_ACTIVATED,
            INVALID_FIRMWARE_SIGNATURE, INVALID_FIRMWARE_SIGNING_CERTIFICATE, INVALID_CSMS_CERTIFICATE,
            INVALID_CHARGING_STATION_CERTIFICATE, INVALID_TLS_VERSION, INVALID_TLS_CIPHER_SUITE,
            MAINTENANCE_LOGIN_ACCEPTED, MAINTENANCE_LOGIN_FAILED,
            // Not in Appendix 1; the errata asks to notify the CSMS of it (A02.FR.29), so it is sent like the others.
            DISCARDED_RENEWED_CLIENT_CERTIFICATE);

    private SecurityEventType() {
    }

    /** Whether Appendix 1 marks {@code type} critical; unknown (vendor) types are not. */
    public static boolean isCritical(String type) {
        return CRITICAL.contains(type);
    }
}
