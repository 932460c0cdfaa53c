package io.galvani.firmware.internal;

import java.nio.file.Path;
import java.time.Duration;

/** The configuration values the update logic uses, detached from the DS annotation (easy to build in tests). */
record Settings(long maxImageBytes, Duration connectTimeout, Duration transferTimeout, int defaultRetries,
        int defaultRetryIntervalSeconds, int maxRetries, Duration installerWait, boolean allowNewSessions,
        Path trustStore, char[] trustStorePassword) {

    static Settings defaults() {
        return new Settings(512L * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(300), 2, 60, 10,
                Duration.ofSeconds(300), false, null, new char[0]);
    }

    static Settings from(FirmwareConfig c) {
        String store = c.trustStorePath() == null ? "" : c.trustStorePath().trim();
        return new Settings(Math.max(1, c.maxImageBytes()), Duration.ofSeconds(Math.max(1, c.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, c.transferTimeoutSeconds())), Math.max(0, c.defaultRetries()),
                Math.max(0, c.defaultRetryIntervalSeconds()), Math.max(0, c.maxRetries()),
                Duration.ofSeconds(Math.max(0, c.installerWaitSeconds())), c.allowNewSessionsPendingFirmwareUpdate(),
                store.isEmpty() ? null : Path.of(store),
                c._trustStorePassword() == null ? new char[0] : c._trustStorePassword().toCharArray());
    }

    Settings withMaxImageBytes(long max) {
        return new Settings(max, connectTimeout, transferTimeout, defaultRetries, defaultRetryIntervalSeconds,
                maxRetries, installerWait, allowNewSessions, trustStore, trustStorePassword);
    }

    Settings withTrustStore(Path store, char[] password) {
        return new Settings(maxImageBytes, connectTimeout, transferTimeout, defaultRetries,
                defaultRetryIntervalSeconds, maxRetries, installerWait, allowNewSessions, store, password);
    }

    Settings withAllowNewSessions(boolean allow) {
        return new Settings(maxImageBytes, connectTimeout, transferTimeout, defaultRetries,
                defaultRetryIntervalSeconds, maxRetries, installerWait, allow, trustStore, trustStorePassword);
    }

    Settings withTimeouts(Duration connect, Duration transfer) {
        return new Settings(maxImageBytes, connect, transfer, defaultRetries, defaultRetryIntervalSeconds, maxRetries,
                installerWait, allowNewSessions, trustStore, trustStorePassword);
    }

    Settings withInstallerWait(Duration wait) {
        return new Settings(maxImageBytes, connectTimeout, transferTimeout, defaultRetries,
                defaultRetryIntervalSeconds, maxRetries, wait, allowNewSessions, trustStore, trustStorePassword);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "Settings[maxImageBytes=" + maxImageBytes + ", connectTimeout=" + connectTimeout + ", transferTimeout="
                + transferTimeout + ", defaultRetries=" + defaultRetries + ", defaultRetryIntervalSeconds="
                + defaultRetryIntervalSeconds + ", maxRetries=" + maxRetries + ", installerWait=" + installerWait
                + ", allowNewSessions=" + allowNewSessions + ", trustStore=" + trustStore + "]";
    }
}
