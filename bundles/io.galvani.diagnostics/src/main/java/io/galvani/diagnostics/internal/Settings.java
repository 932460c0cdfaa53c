package io.galvani.diagnostics.internal;

import java.nio.file.Path;
import java.time.Duration;

/** The configuration values the upload logic uses, detached from the DS annotation (easy to build in tests). */
record Settings(Duration connectTimeout, Duration transferTimeout, int defaultRetries, int defaultRetryIntervalSeconds,
        int maxRetries, Path trustStore, char[] trustStorePassword) {

    static Settings defaults() {
        return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(300), 1, 60, 10, null, new char[0]);
    }

    static Settings from(DiagnosticsConfig c) {
        String store = c.trustStorePath() == null ? "" : c.trustStorePath().trim();
        return new Settings(Duration.ofSeconds(Math.max(1, c.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, c.transferTimeoutSeconds())), Math.max(0, c.defaultRetries()),
                Math.max(0, c.defaultRetryIntervalSeconds()), Math.max(0, c.maxRetries()),
                store.isEmpty() ? null : Path.of(store),
                c._trustStorePassword() == null ? new char[0] : c._trustStorePassword().toCharArray());
    }

    Settings withTimeouts(Duration connect, Duration transfer) {
        return new Settings(connect, transfer, defaultRetries, defaultRetryIntervalSeconds, maxRetries, trustStore,
                trustStorePassword);
    }

    Settings withRetryDefaults(int retries, int intervalSeconds) {
        return new Settings(connectTimeout, transferTimeout, retries, intervalSeconds, maxRetries, trustStore,
                trustStorePassword);
    }

    Settings withTrustStore(Path store, char[] password) {
        return new Settings(connectTimeout, transferTimeout, defaultRetries, defaultRetryIntervalSeconds, maxRetries,
                store, password);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "Settings[connectTimeout=" + connectTimeout + ", transferTimeout=" + transferTimeout + ", defaultRetries="
                + defaultRetries + ", defaultRetryIntervalSeconds=" + defaultRetryIntervalSeconds + ", maxRetries="
                + maxRetries + ", trustStore=" + trustStore + "]";
    }
}
