package io.galvani.telemetry.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import io.galvani.security.api.SecurityEvent;
import io.galvani.telemetry.testing.MosquittoBroker;
import io.galvani.telemetry.testing.MqttRecorder;

/**
 * Messages per second the pipeline sustains into a local Mosquitto: events offered as fast as the queue takes them
 * (a full queue is waited out, not dropped), each formatted, committed to the SQLite buffer, published and
 * acknowledged (QoS 1), until a subscriber has them all. Then the same with the broker down first (everything
 * buffered) and started: the drain rate of a backlog. From the module folder:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.galvani.telemetry.internal.ThroughputBenchmark target/bench 50000
 * </pre>
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        Files.createDirectories(dir);
        try (MosquittoBroker broker = MosquittoBroker.builder(dir.resolve("broker")).start();
                MqttRecorder recorder = MqttRecorder.subscribe(broker, "galvani/+/security/#")) {
            Configs config = new Configs(broker.url());
            config.bufferCapacity = 2 * n;
            measureLive(dir, config, recorder, n);
            recorder.clear();
            measureBacklog(dir, config, broker, recorder, n);
        }
        System.exit(0);
    }

    private static void measureLive(Path dir, Configs config, MqttRecorder recorder, int n) throws Exception {
        Files.deleteIfExists(dir.resolve("live.db"));
        try (Harness station = new Harness(config, dir.resolve("live.db"))) {
            while (!station.pipeline.brokerConnected()) {
                Thread.sleep(10);
            }
            long t0 = System.nanoTime();
            offer(station, n);
            long offered = System.nanoTime();
            awaitReceived(recorder, n);
            long done = System.nanoTime();
            System.out.printf(Locale.ROOT, "live:    %d messages, offered in %.0f ms, all received after %.0f ms: %.0f"
                    + " messages/s end to end (QoS 1, through the SQLite buffer)%n", n, (offered - t0) / 1e6,
                    (done - t0) / 1e6, n / ((done - t0) / 1e9));
        }
    }

    private static void measureBacklog(Path dir, Configs config, MosquittoBroker broker, MqttRecorder recorder, int n)
            throws Exception {
        Files.deleteIfExists(dir.resolve("backlog.db"));
        broker.stop();
        try (Harness station = new Harness(config, dir.resolve("backlog.db"))) {
            offer(station, n);
            while (station.pipeline.buffered() < n) {
                Thread.sleep(10);
            }
            broker.start();
            recorder.reconnect();
            while (!station.pipeline.brokerConnected()) {
                Thread.sleep(1);
            }
            long t0 = System.nanoTime();
            while (station.pipeline.buffered() > 0) {
                Thread.sleep(5);
            }
            long done = System.nanoTime();
            System.out.printf(Locale.ROOT, "backlog: %d buffered messages drained in %.0f ms after the broker came"
                    + " back (from the reconnection): %.0f messages/s%n", n, (done - t0) / 1e6,
                    n / ((done - t0) / 1e9));
        }
    }

    private static void offer(Harness station, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            long dropped = station.pipeline.queueDropped();
            station.pipeline.securityEvent(new SecurityEvent(Instant.now(), "InvalidMessages", "n=" + i, false));
            while (station.pipeline.queueDropped() > dropped) { // queue full: wait, then offer again
                Thread.sleep(1);
                dropped = station.pipeline.queueDropped();
                station.pipeline.securityEvent(new SecurityEvent(Instant.now(), "InvalidMessages", "n=" + i, false));
            }
        }
    }

    private static void awaitReceived(MqttRecorder recorder, int n) throws InterruptedException {
        while (recorder.all().size() < n) {
            Thread.sleep(5);
        }
    }
}
