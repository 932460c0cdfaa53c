package io.galvani.csms.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;

import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Security profile 1: Basic auth checked before the upgrade (A00.FR.202-205). */
class BasicAuthTest extends CsmsTestBase {

    static final String PASSWORD = "s3cret:with-colon";

    @Override
    CsmsOptions options() {
        return CsmsOptions.builder().basicAuthPassword(PASSWORD).build();
    }

    @Test
    void acceptsStationIdAndPassword() throws Exception {
        try (TestStation station = TestStation.connect(client, stationUrl(), STATION + ":" + PASSWORD, "ocpp2.0.1")) {
            csms.awaitConnected(STATION, TestStation.TIMEOUT);
            Handshake handshake = csms.lastHandshake(STATION).orElseThrow();
            assertThat(handshake.status()).isEqualTo(101);
            assertThat(handshake.header("Authorization")).startsWith("Basic ");
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { STATION + ":wrong", "OTHER-STATION:" + PASSWORD, STATION })
    void refusesMissingOrBadCredentialsWith401(String credentials) {
        assertThatThrownBy(() -> TestStation.connect(client, stationUrl(), credentials, "ocpp2.0.1"))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(401));
        assertThat(csms.lastHandshake(STATION).orElseThrow().status()).isEqualTo(401);
        assertThat(csms.connectionCount(STATION)).isZero();
    }
}
