package io.galvani.security.certificates.internal;

/**
 * Where this bundle's security events go: {@link io.galvani.security.api.SecurityEvents} when that service runs,
 * else only the log. Never throws; techInfo never holds a secret.
 */
@FunctionalInterface
interface Events {

    void report(String type, String techInfo);
}
