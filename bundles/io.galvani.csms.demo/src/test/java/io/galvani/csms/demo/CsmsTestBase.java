package io.galvani.csms.demo;

import java.net.URI;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Given a started CSMS (defaults unless {@link #options()} says otherwise) and a WebSocket client. */
abstract class CsmsTestBase {

    static final String STATION = "GALVANI-0001";

    DemoCsms csms;
    WebSocketClient client;

    CsmsOptions options() {
        return CsmsOptions.defaults();
    }

    @BeforeEach
    void startCsmsAndClient() throws Exception {
        csms = DemoCsms.start(options());
        client = TestStation.newClient();
    }

    @AfterEach
    void stopAll() throws Exception {
        client.stop();
        csms.close();
    }

    TestStation connect() throws Exception {
        TestStation station = TestStation.connect(client, csms.url(STATION));
        csms.awaitConnected(STATION, TestStation.TIMEOUT);
        return station;
    }

    URI stationUrl() {
        return csms.url(STATION);
    }
}
