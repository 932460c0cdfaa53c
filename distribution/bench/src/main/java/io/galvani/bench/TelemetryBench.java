package io.galvani.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Replies;
import io.galvani.telemetry.testing.MosquittoBroker;
import io.galvani.telemetry.testing.MqttRecorder;

/**
 * What MQTT telemetry costs the station's OCPP: GetVariables (1 item) response times, one after the other, while a
 * charging session runs (meter values every second, to the CSMS and with telemetry also to MQTT), once with
 * telemetry off and once on against a local Mosquitto (started by the bench, {@code /usr/sbin/mosquitto}); and the
 * MQTT messages per second the station published meanwhile, counted by a subscriber.
 *
 * <pre>bin/galvani-bench telemetry [--requests N] [--seconds N] [--home DIR]</pre>
 *
 * The pipeline's own throughput limit (messages/s into the broker, live and draining a backlog) is measured by
 * {@code io.galvani.telemetry.internal.ThroughputBenchmark} in the bundle's tests.
 */
public final class TelemetryBench {
    private static final String STATION_ID = "GALVANI-BENCH-MQTT";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    private static final String GET_ONE = "{\"getVariableData\":[{\"component\":{\"name\":\"OCPPCommCtrlr\"},"
            + "\"variable\":{\"name\":\"HeartbeatInterval\"}}]}";

    private int requests = 2000;
    private int seconds = 20;
    private Path home;

    private TelemetryBench() {
    }

    public static void main(String[] args) {
        TelemetryBench bench = new TelemetryBench();
        BenchCli.main("telemetry bench", "galvani-bench telemetry [--requests N] [--seconds N] [--home DIR]",
                () -> bench.parse(args), bench::run);
    }

    private void parse(String[] args) {
        home = BenchCli.home();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--requests" -> requests = BenchCli.number(arg, args, ++i, 1);
                case "--seconds" -> seconds = BenchCli.number(arg, args, ++i, 1);
                case "--home" -> home = Path.of(BenchCli.value(arg, args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
    }

    private record Row(String mode, Samples response, double messagesPerSecond, long meterMessages) {
    }

    private void run() throws IOException, InterruptedException {
        if (!MosquittoBroker.installed()) {
            throw new BenchFailure(MosquittoBroker.EXECUTABLE + " not found (apt-get install mosquitto)");
        }
        Path work = Files.createTempDirectory("galvani-telemetry-bench-");
        try {
            List<Row> rows = new ArrayList<>();
            for (boolean on : new boolean[] { false, true }) {
                System.out.printf("Telemetry %s: %d requests during a session, then %d s of counting ...%n",
                        on ? "on" : "off", requests, seconds);
                try {
                    rows.add(measure(on, work.resolve(on ? "on" : "off")));
                } catch (IOException | RuntimeException e) {
                    if (e instanceof BenchFailure) {
                        throw e;
                    }
                    throw new BenchFailure("telemetry " + (on ? "on" : "off") + ": " + e + " at "
                            + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
                }
            }
            System.out.println();
            System.out.printf("Station: %s, JVM options %s; %d cores; %s %s%n", home,
                    System.getenv().getOrDefault("GALVANI_JAVA_OPTS", "(defaults of bin/galvani)"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%-40s %9s %9s %9s %9s %9s %12s%n", "GetVariables response (ms)", "min",
                    "avg", "p50", "p99", "max", "MQTT msg/s");
            for (Row r : rows) {
                Samples s = r.response();
                System.out.printf(Locale.ROOT, "%-40s %9.2f %9.2f %9.2f %9.2f %9.2f %12s%n", "telemetry " + r.mode(),
                        s.min(), s.avg(), s.percentile(50), s.percentile(99), s.max(),
                        r.mode().equals("off") ? "-" : String.format(Locale.ROOT, "%.1f", r.messagesPerSecond()));
            }
            Row on = rows.get(1);
            System.out.printf(Locale.ROOT, "(meter samples on MQTT during the count: %d in %d s, 1 s rate)%n",
                    on.meterMessages(), seconds);
        } finally {
            OcppBench.deleteTree(work);
        }
    }

    private Row measure(boolean on, Path dir) throws IOException, InterruptedException {
        MosquittoBroker broker = on ? MosquittoBroker.builder(dir.resolve("broker")).start() : null;
        MqttRecorder mqtt = on ? MqttRecorder.subscribe(broker, "galvani/#") : null;
        try (DemoCsms csms = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .reply("BootNotification", Replies.bootNotification("Accepted", 3600)).build())) {
            StationProcess.Builder b = StationProcess.builder(home, csms.url(), STATION_ID, dir.resolve("data"))
                    .systemProperty("galvani.sim.cable.check.millis", "0")
                    .systemProperty("galvani.sim.pre.charge.millis", "0");
            if (on) {
                b.env("STATION_MQTT_URL", broker.url()).env("STATION_MQTT_METER_INTERVAL_MS", "1000");
            }
            try (StationProcess station = b.start()) {
                csms.awaitCall("StatusNotification", TIMEOUT);
                StationApi api = new StationApi(station.apiPort());
                awaitApi(api, station);
                api.post("/api/v1/evses/1/plug", "", 200);
                startSession(api, station);
                csms.awaitFrame(f -> f.isCall() && "TransactionEvent".equals(f.action())
                        && "Charging".equals(f.payload().at("/transactionInfo/chargingState").asText()), TIMEOUT);
                Samples response = new Samples("GetVariables 1 item", requests);
                for (int i = 0; i < requests / 4; i++) { // warm-up
                    call(csms);
                }
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    response.add(t0, call(csms));
                }
                double rate = 0;
                long meters = 0;
                if (on) {
                    int before = mqtt.all().size();
                    long metersBefore = meterCount(mqtt);
                    Thread.sleep(seconds * 1000L); // counting window: messages published at the session's own pace
                    rate = (mqtt.all().size() - before) / (double) seconds;
                    meters = meterCount(mqtt) - metersBefore;
                    if (meters == 0) {
                        throw new BenchFailure("no meter samples on MQTT; the station's output:\n" + station.tail(30));
                    }
                }
                return new Row(on ? "on" : "off", response, rate, meters);
            }
        } finally {
            if (mqtt != null) {
                mqtt.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    /**
     * Presents the card until the session leaves WAITING_FOR_AUTHORIZATION: right after start-up the card reader's
     * driver may not be listening yet, and a card presented then is not seen.
     */
    private static void startSession(StationApi api, StationProcess station) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String phase = api.get("/api/v1/status").at("/evses/0/session/phase").asText();
            if (phase.equals("WAITING_FOR_AUTHORIZATION")) {
                api.post("/api/v1/rfid", CARD, 202);
                long retry = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < retry && api.get("/api/v1/status").at("/evses/0/session/phase").asText()
                        .equals("WAITING_FOR_AUTHORIZATION")) {
                    Thread.sleep(50);
                }
            } else if (!phase.equals("IDLE") && !phase.isEmpty()) {
                System.out.println("  session phase " + phase);
                return;
            } else {
                Thread.sleep(50);
            }
        }
        throw new BenchFailure("no session started; the station's output:\n" + station.tail(30));
    }

    /** The local API starts at level 5, possibly after the first StatusNotification. */
    private static void awaitApi(StationApi api, StationProcess station) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                api.get("/api/v1/status");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("the local API did not answer; the station's output:\n" + station.tail(30));
                }
                Thread.sleep(50);
            }
        }
    }

    private static long meterCount(MqttRecorder mqtt) {
        return mqtt.matching(r -> r.topic().endsWith("/meter")).size();
    }

    private static long call(DemoCsms csms) throws InterruptedException {
        try {
            return csms.call(STATION_ID, "GetVariables", GET_ONE).thenApply(r -> System.nanoTime())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailure("GetVariables failed: " + e);
        }
    }
}
