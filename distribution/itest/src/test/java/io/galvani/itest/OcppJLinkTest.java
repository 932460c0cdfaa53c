package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;

/** OCPP-J behaviour of the running station: bad frames, hot-swap of the transport bundle. */
class OcppJLinkTest extends StationTestBase {

    @Test
    void malformedFramesGetTheRightCallErrorAndTheConnectionStaysUp() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        String id = station.id();

        assertThat(errorFor(id, "[2,\"m-1\",\"NoSuchAction\",{}]", "m-1")).isEqualTo("NotImplemented");
        assertThat(errorFor(id, "[9,\"m-2\",\"Heartbeat\",{}]", "m-2")).isEqualTo("MessageTypeNotSupported");
        // A CALL of an action only the station may send is not something the station implements.
        assertThat(errorFor(id, "[2,\"m-3\",\"BootNotification\",{}]", "m-3")).isEqualTo("NotImplemented");
        // Truncated JSON whose message id can still be read: a FormatViolation for that id.
        assertThat(errorFor(id, "[2,\"m-4\",\"Reset\",{", "m-4")).isEqualTo("FormatViolation");
        // Nothing readable at all: the answer carries the message id "-1".
        assertThat(errorFor(id, "}{ not json", "-1")).isEqualTo("RpcFrameworkError");

        assertThat(csms.isConnected(id)).isTrue();
        assertThat(csms.connectionCount(id)).isEqualTo(1);
    }

    @Test
    void transportBundleCanBeStoppedAndStartedWhileTheStationRuns() throws Exception {
        station = station().start();
        awaitCall(0, "StatusNotification");
        Bundle transport = station.bundle("io.galvani.ocpp.rpc");

        transport.stop();
        csms.awaitDisconnected(station.id(), WAIT);
        transport.start();
        await().atMost(WAIT).until(() -> csms.connectionCount(station.id()) == 2 && csms.isConnected(station.id()));
        awaitCall(0, "BootNotification");
        assertThat(station.get("/api/v1/status").at("/ocpp/connected").asBoolean()).isTrue();
    }

    private String errorFor(String stationId, String raw, String expectedId) {
        int mark = csms.mark();
        csms.sendRaw(stationId, raw);
        Frame error = csms.awaitFrame(mark,
                f -> f.dir() == Direction.TO_CSMS && f.isCallError() && expectedId.equals(f.messageId()), WAIT);
        return error.errorCode();
    }

}
