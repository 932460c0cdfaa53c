package com.example.galvani.rfid.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.PresentedToken;
import io.galvani.hal.sim.testing.Configs;

/** The driver against a real TCP server on loopback playing the reader. */
class TcpRfidReaderTest {
    private static final Duration WAIT = Duration.ofSeconds(30); // generous: CI machines are loaded

    private final List<PresentedToken> cards = Collections.synchronizedList(new ArrayList<>());
    /** The repeat suppression's clock: 0 unless a test sets another. */
    private LongSupplier clock = () -> 0L;
    private ReaderBench bench;
    private TcpRfidReader reader;

    /** Fast reconnects for tests, EVSE 1. */
    static ReaderSettings settings(int port) {
        return ReaderSettings.of(Configs.of(TcpRfidReader.Config.class, Map.of("hal_evse_id", 1,
                "host", "127.0.0.1", "port", port, "reconnectMinMillis", 20L, "reconnectMaxMillis", 200L)));
    }

    private TcpRfidReader start(ReaderSettings settings) {
        reader = new TcpRfidReader(settings, clock);
        reader.addListener((r, token) -> cards.add(token));
        return reader;
    }

    private TcpRfidReader startOnBench() throws IOException {
        bench = new ReaderBench();
        start(settings(bench.port()));
        await().atMost(WAIT).until(() -> reader.status().isOnline());
        return reader;
    }

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.deactivate();
        }
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void uidsInTheFormatsReadersUseArriveAsOcppIdTokens() throws IOException {
        startOnBench();
        bench.sendLine("04a2b3c4d5e6f7");
        bench.send("04:A2:B3:C4:D5:E6:F8\n");
        bench.sendLine("  DE-AD-BE-EF  ");
        bench.sendLine("e0 04 01 00 12 34 56 78");

        await().atMost(WAIT).until(() -> cards.size() == 4);
        assertThat(cards).containsExactly(new PresentedToken("04A2B3C4D5E6F7", "ISO14443", 1),
                new PresentedToken("04A2B3C4D5E6F8", "ISO14443", 1), new PresentedToken("DEADBEEF", "ISO14443", 1),
                new PresentedToken("E004010012345678", "ISO14443", 1));
        assertThat(reader.tokenTypes()).containsExactly("ISO14443");
    }

    @Test
    void garbageOverlongLinesAndKeepAlivesAreIgnoredAndTheReaderStaysOnline() throws IOException {
        startOnBench();
        bench.sendLine("HELLO READER v2.1");
        bench.sendLine("0".repeat(5000));
        bench.sendLine("");
        bench.sendLine("04A2B");
        bench.sendLine("04A2B3C4D5E6F7");

        await().atMost(WAIT).until(() -> cards.size() == 1);
        assertThat(cards.get(0).idToken()).isEqualTo("04A2B3C4D5E6F7");
        assertThat(reader.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void aCardLyingOnTheReaderIsOnePresentation() throws IOException {
        // The reading time of each UID line in turn (the driver reads the clock once per UID).
        Queue<Long> readAtMillis = new ConcurrentLinkedQueue<>(List.of(0L, 500L, 1900L, 3500L, 3500L));
        clock = () -> TimeUnit.MILLISECONDS.toNanos(readAtMillis.remove());
        startOnBench();
        bench.sendLine("04A2B3C4D5E6F7"); // 0 ms: presented
        bench.sendLine("04A2B3C4D5E6F7"); // 500 ms: repeated while held, suppressed
        bench.sendLine("04A2B3C4D5E6F7"); // 1900 ms: still held (1.4 s after the last read), suppressed
        bench.sendLine("04A2B3C4D5E6F7"); // 3500 ms: taken away and presented again
        bench.sendLine("DEADBEEF");

        await().atMost(WAIT).until(() -> cards.size() == 3);
        assertThat(cards).extracting(PresentedToken::idToken).containsExactly("04A2B3C4D5E6F7", "04A2B3C4D5E6F7", "DEADBEEF");
        assertThat(readAtMillis).isEmpty();
    }

    @Test
    void aReaderThatIsNotThereIsOfflineWithTheReason() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        start(settings(closedPort));

        await().atMost(WAIT).until(() -> reader.status().reason() != null
                && reader.status().reason().contains("connection refused"));
        assertThat(reader.status().state()).isEqualTo(DeviceStatus.State.OFFLINE);
        assertThat(reader.status().reason()).startsWith("127.0.0.1:" + closedPort + ": connection refused; next attempt in");
    }

    @Test
    void aDroppedConnectionIsOfflineUntilTheReaderIsBack() throws IOException {
        startOnBench();
        bench.unplug();
        await().atMost(WAIT).until(() -> reader.status().state() == DeviceStatus.State.OFFLINE);
        assertThat(reader.status().reason()).contains("127.0.0.1:" + bench.port());

        bench.plugIn();
        await().atMost(WAIT).until(() -> reader.status().isOnline());
        bench.sendLine("04A2B3C4D5E6F7");
        await().atMost(WAIT).until(() -> cards.size() == 1);
    }

    @Test
    void aSilentConnectionIsReopenedWhenTheReaderSendsKeepAlives() throws IOException {
        bench = new ReaderBench();
        start(ReaderSettings.of(Configs.of(TcpRfidReader.Config.class, Map.of("host", "127.0.0.1",
                "port", bench.port(), "readTimeoutSeconds", 1, "reconnectMinMillis", 20L, "reconnectMaxMillis", 20L))));
        Socket first = bench.connection(WAIT);

        await().atMost(WAIT).until(() -> bench.driverClosedConnection(first));
        await().atMost(WAIT).until(() -> bench.connection(WAIT) != first);
        await().atMost(WAIT).until(() -> reader.status().isOnline());
    }

    @Test
    void stoppingLeavesNoThreadAndNoConnection() throws IOException {
        startOnBench();
        Socket connection = bench.connection(WAIT);

        reader.deactivate();

        assertThat(reader.status()).isEqualTo(DeviceStatus.offline("reader stopped"));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("example-rfid-tcp-"));
        await().atMost(WAIT).until(() -> bench.driverClosedConnection(connection));
        reader = null;
    }

    @Test
    void stoppingWhileConnectingToAnUnansweringHostReturnsAtOnce() {
        // 10.255.255.1 is not routed on a test machine: connect() hangs until closed or timed out.
        start(ReaderSettings.of(Configs.of(TcpRfidReader.Config.class, Map.of("host", "10.255.255.1",
                "connectTimeoutMillis", 60_000))));

        reader.deactivate();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("example-rfid-tcp-"));
        reader = null;
    }

    @Test
    void invalidSettingsAreRefusedNamingThePropertyAndWhatItAccepts() {
        assertThatThrownBy(() -> settingsWith(Map.of())).hasMessage(
                "com.example.galvani.rfid.tcp: host must be set to the reader's IP address or host name");
        assertThatThrownBy(() -> settingsWith(Map.of("host", "r1", "port", 0)))
                .hasMessage("com.example.galvani.rfid.tcp: port must be 1..65535, was 0");
        assertThatThrownBy(() -> settingsWith(Map.of("host", "r1", "tokenType", "KeyCode")))
                .hasMessage("com.example.galvani.rfid.tcp: tokenType must be ISO14443 or ISO15693, was 'KeyCode'");
        assertThatThrownBy(() -> settingsWith(Map.of("host", "r1", "hal_evse_id", -1)))
                .hasMessageContaining("hal.evse.id must be 0 (station-wide) or an EVSE id >= 1, was -1");
        assertThatThrownBy(() -> settingsWith(Map.of("host", "r1", "reconnectMinMillis", 5000L, "reconnectMaxMillis", 1000L)))
                .hasMessageContaining("reconnectMaxMillis (1000) must be >= reconnectMinMillis (5000)");
        assertThat(settingsWith(Map.of("host", "r1")).address()).isEqualTo("r1:10001");
    }

    private static ReaderSettings settingsWith(Map<String, Object> properties) {
        return ReaderSettings.of(Configs.of(TcpRfidReader.Config.class, properties));
    }

    @Test
    void reconnectDelayDoublesUpToTheMaximumAndResets() {
        ReconnectBackOff backOff = new ReconnectBackOff(1000, 5000);
        assertThat(List.of(backOff.next(), backOff.next(), backOff.next(), backOff.next())).containsExactly(1000L, 2000L, 4000L, 5000L);
        backOff.reset();
        assertThat(backOff.next()).isEqualTo(1000);
    }

    @Test
    void cardUidsAreParsedStrictlyAndMaskedForLogs() {
        assertThatThrownBy(() -> CardUid.parse("04A2B3C4D5E6")).hasMessage("12 hex digits; a card UID has 4, 7, 8 or 10 bytes");
        assertThatThrownBy(() -> CardUid.parse("04A2B3C4D5E6FZ")).hasMessage("not hexadecimal (character 14)");
        assertThat(CardUid.parse("00112233445566778899")).isEqualTo("00112233445566778899");
        assertThat(CardUid.masked("04A2B3C4D5E6F7")).isEqualTo("04A2**********");
    }
}
