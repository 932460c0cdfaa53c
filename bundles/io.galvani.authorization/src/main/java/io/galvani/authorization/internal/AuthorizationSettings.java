package io.galvani.authorization.internal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AuthCtrlr and AuthCacheCtrlr settings in force, parsed from {@link AuthorizationConfig}. The device
 * model only writes values that pass the variables' checks; a hand-edited configuration may hold anything,
 * so a value out of range is replaced by its default with a warning instead of stopping authorization.
 */
record AuthorizationSettings(boolean authEnabled, boolean authorizeRemoteStart, boolean localAuthorizeOffline,
        boolean localPreAuthorize, boolean offlineTxForUnknownIdEnabled, boolean disableRemoteAuthorization,
        boolean cacheEnabled, Duration cacheLifeTime, ReplacementPolicy cachePolicy, boolean cacheDisablePostAuthorize,
        Duration authorizeTimeout) {
    private static final Logger logger = LoggerFactory.getLogger(AuthorizationSettings.class);

    static AuthorizationSettings from(AuthorizationConfig c) {
        return new AuthorizationSettings(c.authEnabled(), c.authorizeRemoteStart(), c.localAuthorizeOffline(),
                c.localPreAuthorize(), c.offlineTxForUnknownIdEnabled(), c.disableRemoteAuthorization(),
                c.cacheEnabled(), Duration.ofSeconds(lifeTime(c.cacheLifeTimeSeconds())), policy(c.cachePolicy()),
                c.cacheDisablePostAuthorize(), Duration.ofSeconds(timeout(c.authorizeTimeoutSeconds())));
    }

    private static int lifeTime(int seconds) {
        if (seconds < 0) {
            int fallback = AuthorizationVariables.defaultInt("cacheLifeTimeSeconds");
            logger.warn("cacheLifeTimeSeconds {} in configuration {} is negative; using {}", seconds,
                    AuthorizationConfig.PID, fallback);
            return fallback;
        }
        return seconds;
    }

    private static ReplacementPolicy policy(String value) {
        return ReplacementPolicy.parse(value == null ? "" : value.trim()).orElseGet(() -> {
            String fallback = AuthorizationVariables.defaultOf("cachePolicy");
            logger.warn("cachePolicy \"{}\" in configuration {} is not one of {}; using {}", value,
                    AuthorizationConfig.PID, ReplacementPolicy.names(), fallback);
            return ReplacementPolicy.valueOf(fallback);
        });
    }

    private static int timeout(int seconds) {
        if (seconds < 1) {
            int fallback = AuthorizationVariables.defaultInt("authorizeTimeoutSeconds");
            logger.warn("authorizeTimeoutSeconds {} in configuration {} is below 1; using {}", seconds,
                    AuthorizationConfig.PID, fallback);
            return fallback;
        }
        return seconds;
    }
}
