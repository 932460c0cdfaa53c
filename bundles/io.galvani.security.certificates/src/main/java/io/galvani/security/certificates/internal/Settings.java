package io.galvani.security.certificates.internal;

import java.time.Duration;

/**
 * The configuration values the logic uses, detached from the DS annotation (easy to build in tests) and
 * clamped to what the characteristics allow, so a hand-edited bad value cannot break the arithmetic.
 */
record Settings(String serialNumber, String organizationName, int maxCertificateEntries, Duration certSigningWait,
        int certSigningRepeatTimes, int maxCertificateChainSize, int renewBeforeExpiryDays, KeyType keyType) {

    static final int MAX_REPEAT_TIMES = 16;
    static final int MAX_CHAIN_SIZE = 10_000;

    static Settings from(CertificatesConfig c) {
        return new Settings(trim(c.serialNumber()), trim(c.organizationName()),
                Math.max(2, c.maxCertificateEntries()),
                Duration.ofSeconds(Math.max(1, c.certSigningWaitMinimumSeconds())),
                Math.min(MAX_REPEAT_TIMES, Math.max(0, c.certSigningRepeatTimes())),
                Math.min(MAX_CHAIN_SIZE, Math.max(1000, c.maxCertificateChainSize())),
                Math.max(0, c.renewBeforeExpiryDays()), KeyType.parse(c.keyType()));
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
