package io.galvani.csms.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;

class HandshakeTest extends CsmsTestBase {

    @Test
    void urlIsLoopbackWithEphemeralPortAndOcppPath() {
        assertThat(csms.url().toString()).matches("ws://127\\.0\\.0\\.1:\\d+/ocpp");
        assertThat(csms.url().getPort()).isPositive();
        assertThat(csms.url(STATION).toString()).isEqualTo(csms.url() + "/" + STATION);
    }

    @Test
    void acceptsOcpp201Subprotocol() throws Exception {
        try (TestStation station = TestStation.connect(client, stationUrl(), null, "ocpp1.6", "ocpp2.0.1")) {
            assertThat(station.session().getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("ocpp2.0.1");
            csms.awaitConnected(STATION, TestStation.TIMEOUT);
            assertThat(csms.isConnected(STATION)).isTrue();
            assertThat(csms.connectedStations()).containsExactly(STATION);
            assertThat(csms.connectionCount(STATION)).isEqualTo(1);
            Handshake handshake = csms.lastHandshake(STATION).orElseThrow();
            assertThat(handshake.status()).isEqualTo(101);
            assertThat(handshake.acceptedSubprotocol()).isEqualTo("ocpp2.0.1");
            assertThat(String.join(",", handshake.headers().get("sec-websocket-protocol"))).contains("ocpp2.0.1");
            assertThat(handshake.offeredSubprotocols()).containsExactly("ocpp1.6", "ocpp2.0.1");
        }
    }

    @Test
    void withoutOcpp201CompletesHandshakeWithoutSubprotocolThenCloses() throws Exception {
        TestStation station = TestStation.connect(client, stationUrl(), null, "ocpp1.6");
        assertThat(station.session().getUpgradeResponse().getAcceptedSubProtocol()).isNull();
        assertThat(station.closed.get(5, TimeUnit.SECONDS)).isEqualTo(StatusCode.PROTOCOL);
        assertThat(csms.connectionCount(STATION)).isZero();
        assertThat(csms.isConnected(STATION)).isFalse();
        assertThat(csms.lastHandshake(STATION).orElseThrow().acceptedSubprotocol()).isNull();
    }

    @Test
    void pathWithoutStationIdIsNotFound() {
        assertThatThrownBy(() -> TestStation.connect(client, csms.url()))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(404));
    }
}
