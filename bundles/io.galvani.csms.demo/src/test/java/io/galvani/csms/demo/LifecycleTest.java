package io.galvani.csms.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class LifecycleTest {

    static List<String> csmsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("galvani-csms")).toList();
    }

    @Test
    void closeStopsAllThreadsAndFreesThePort() throws Exception {
        DemoCsms csms = DemoCsms.start();
        int port = csms.url().getPort();
        WebSocketClient client = TestStation.newClient();
        TestStation station = TestStation.connect(client, csms.url("CS1"));
        csms.awaitConnected("CS1", TestStation.TIMEOUT);
        station.call("Heartbeat", "{}");
        CompletableFuture<JsonNode> pending = csms.call("CS1", "Reset", "{\"type\":\"OnIdle\"}");
        assertThat(csmsThreads()).isNotEmpty();

        csms.close();
        csms.close(); // idempotent

        assertThat(pending).failsWithin(5, TimeUnit.SECONDS);
        assertThat(station.closed).succeedsWithin(5, TimeUnit.SECONDS);
        client.stop();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(csmsThreads()).isEmpty());
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void portInUseFailsClearlyAndLeavesNoThreads() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CsmsOptions options = CsmsOptions.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(() -> DemoCsms.start(options)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasRootCauseInstanceOf(BindException.class);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(csmsThreads()).isEmpty());
    }

    @Test
    void pathIsNormalized() {
        assertThat(CsmsOptions.builder().path("central/").build().path()).isEqualTo("/central");
        try (DemoCsms csms = DemoCsms.start(CsmsOptions.builder().path("/").logTraffic(false).build())) {
            assertThat(csms.url("CS 1").getRawPath()).isEqualTo("/CS%201");
        }
    }
}
