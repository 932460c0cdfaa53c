package io.galvani.authorization.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;

/** Settings parsed from the configuration, and what the logs show of a token. */
class AuthorizationSettingsTest {

    @Test
    void defaults() {
        AuthorizationSettings s = AuthorizationSettings.from(Configs.defaults(AuthorizationConfig.class));

        assertThat(s.authEnabled()).isTrue();
        assertThat(s.authorizeRemoteStart()).isFalse();
        assertThat(s.localAuthorizeOffline()).isTrue();
        assertThat(s.localPreAuthorize()).isFalse();
        assertThat(s.offlineTxForUnknownIdEnabled()).isFalse();
        assertThat(s.disableRemoteAuthorization()).isFalse();
        assertThat(s.cacheEnabled()).isTrue();
        assertThat(s.cacheLifeTime()).isEqualTo(Duration.ofDays(1));
        assertThat(s.cachePolicy()).isEqualTo(ReplacementPolicy.LRU);
        assertThat(s.cacheDisablePostAuthorize()).isFalse();
        assertThat(s.authorizeTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void configuredValuesAsConfigAdminHoldsThem() {
        AuthorizationSettings s = AuthorizationSettings.from(Configs.of(AuthorizationConfig.class,
                Map.of("cachePolicy", "CUSTOM", "cacheLifeTimeSeconds", 600L, "localPreAuthorize", Boolean.TRUE,
                        "authorizeTimeoutSeconds", "5")));

        assertThat(s.cachePolicy()).isEqualTo(ReplacementPolicy.CUSTOM);
        assertThat(s.cacheLifeTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.localPreAuthorize()).isTrue();
        assertThat(s.authorizeTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aHandEditedBadValueFallsBackToItsDefaultWithAWarning() {
        try (LogCapture log = new LogCapture()) {
            AuthorizationSettings s = AuthorizationSettings.from(Configs.of(AuthorizationConfig.class,
                    Map.of("cachePolicy", "MRU", "cacheLifeTimeSeconds", -5, "authorizeTimeoutSeconds", 0)));

            assertThat(s.cachePolicy()).isEqualTo(ReplacementPolicy.LRU);
            assertThat(s.cacheLifeTime()).isEqualTo(Duration.ofDays(1));
            assertThat(s.authorizeTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(log.at(Level.WARN)).hasSize(3).anySatisfy(l -> assertThat(l).contains("\"MRU\"", "LRU"));
        }
    }

    @Test
    void logsShowTheLastFourCharactersOfALongTokenAndNothingOfOthers() {
        assertThat(TokenMask.mask(IdTokenType.of("04A2B3C4D5E6F7", IdTokenEnumType.ISO14443)))
                .isEqualTo("****E6F7 (ISO14443)");
        assertThat(TokenMask.mask(IdTokenType.of("ABC1234", IdTokenEnumType.Local))).isEqualTo("**** (Local)");
        assertThat(TokenMask.mask(IdTokenType.of("918273645501", IdTokenEnumType.KeyCode)))
                .as("C04.FR.04").isEqualTo("**** (KeyCode)");
        assertThat(TokenMask.mask((IdTokenType) null)).isEqualTo("(none)");
    }
}
