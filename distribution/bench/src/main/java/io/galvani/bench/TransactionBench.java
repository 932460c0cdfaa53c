package io.galvani.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CallResponder;
import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Replies;

/**
 * Transaction figures of the station on loopback, against the station as its own process ({@code bin/galvani})
 * with the simulated cabinet's cable check and pre-charge set to zero, so that what is measured is software:
 *
 * <ol>
 * <li><b>RequestStartTransaction → TransactionEvent Started</b> with the EV plugged in: from just before the CSMS
 * sends the CALL to the moment it reads the Started event (TxStartPoint PowerPathClosed, the default: remote
 * authorization, cable check, pre-charge, the event committed durably to the outbox, sent). Each start is followed
 * by a RequestStopTransaction and its Ended event.</li>
 * <li><b>Drain</b>: the CSMS goes away, drivers charge session after session with a card the Authorization Cache
 * knows until {@code --events} TransactionEvents wait in the outbox (the generation rate is reported: durable
 * commits through the real state machine); then the CSMS comes back and the time from the station's reconnection
 * to the last queued event answered is measured, the order checked (per transaction seqNo 0, 1, 2 …, one transaction
 * after the other, nothing twice).</li>
 * </ol>
 *
 * <pre>bin/galvani-bench tx [--starts N] [--warmup N] [--events N] [--home DIR] [--keep-data]</pre>
 */
public final class TransactionBench {
    static final String STATION_ID = "GALVANI-BENCH-TX";
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private int starts = 200;
    private int warmup = 20;
    private int events = 10_000;
    private Path home;
    private boolean keepData;

    private DemoCsms csms;
    private StationProcess station;
    private StationApi api;
    /** Completed by the CSMS's TransactionEvent responder, on the thread that read the frame. */
    private final AtomicReference<CompletableFuture<Long>> nextStarted = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Long>> nextEnded = new AtomicReference<>();
    private final List<String> lines = new ArrayList<>();

    private TransactionBench() {
    }

    public static void main(String[] args) {
        TransactionBench bench = new TransactionBench();
        BenchCli.main("tx bench", "galvani-bench tx [--starts N] [--warmup N] [--events N] [--home DIR] [--keep-data]",
                () -> bench.parse(args), bench::run);
    }

    private void parse(String[] args) {
        home = BenchCli.home();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--starts" -> starts = BenchCli.number(arg, args, ++i, 1);
                case "--warmup" -> warmup = BenchCli.number(arg, args, ++i, 0);
                case "--events" -> events = BenchCli.number(arg, args, ++i, 1);
                case "--home" -> home = Path.of(BenchCli.value(arg, args, ++i));
                case "--keep-data" -> keepData = true;
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
    }

    private void run() throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("galvani-tx-bench-");
        Thread hook = new Thread(this::stopStation, "galvani-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            csms = startCsms(0);
            System.out.printf("Starting the station (%s) against the CSMS at %s ...%n", home, csms.url());
            station = StationProcess.builder(home, csms.url(), STATION_ID, data.resolve("station"))
                    .systemProperty("galvani.sim.cable.check.millis", "0")
                    .systemProperty("galvani.sim.pre.charge.millis", "0")
                    .systemProperty("galvani.retry.wait.minimum", "1")
                    .systemProperty("galvani.retry.random.range", "0")
                    .start();
            api = new StationApi(station.apiPort());
            awaitReady();
            api.post("/api/v1/evses/1/plug", "", 200);
            measureRemoteStarts();
            measureDrain();
            System.out.println();
            System.out.printf("Station: %s, JVM options %s; %d cores; %s%n", home, System.getenv()
                    .getOrDefault("GALVANI_JAVA_OPTS", "(defaults of bin/galvani)"), Runtime.getRuntime()
                    .availableProcessors(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            lines.forEach(System.out::println);
        } finally {
            stopStation();
            if (csms != null) {
                csms.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            if (keepData) {
                System.out.println("Data dir kept: " + data);
            } else {
                OcppBench.deleteTree(data);
            }
        }
    }

    private DemoCsms startCsms(int port) {
        CallResponder defaults = Replies.defaultFor("TransactionEvent");
        CallResponder events = (station, id, payload) -> {
            long now = System.nanoTime();
            String type = payload.path("eventType").asText();
            CompletableFuture<Long> waiting = "Started".equals(type) ? nextStarted.getAndSet(null)
                    : "Ended".equals(type) ? nextEnded.getAndSet(null) : null;
            if (waiting != null) {
                waiting.complete(now);
            }
            Drain d = drain;
            if (d != null) {
                d.received(payload);
            }
            return defaults.respond(station, id, payload);
        };
        return DemoCsms.start(CsmsOptions.builder().port(port).logTraffic(false).reply("TransactionEvent", events)
                .build());
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            if (!station.isAlive()) {
                throw new BenchFailure("The station exited; its console output:\n" + station.tail(30));
            }
            try {
                JsonNode status = api.get("/api/v1/status");
                if (status.at("/ocpp/connected").asBoolean()
                        && "IDLE".equals(status.at("/evses/0/session/phase").asText())) {
                    return;
                }
            } catch (IOException | AssertionError e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("The station was not ready within 120 s:\n" + station.tail(30));
            }
            Thread.sleep(50);
        }
    }

    // --- RequestStartTransaction -> Started -------------------------------------------------------------------

    private void measureRemoteStarts() throws InterruptedException {
        System.out.printf("RequestStartTransaction -> TransactionEvent Started: %d warm-up + %d measured ...%n", warmup,
                starts);
        Samples started = new Samples("RequestStartTransaction -> TransactionEvent(Started)", starts);
        Samples accepted = new Samples("RequestStartTransaction -> its CALLRESULT", starts);
        long cpu = station.cpuMillis();
        for (int i = 0; i < warmup + starts; i++) {
            CompletableFuture<Long> startedAt = new CompletableFuture<>();
            nextStarted.set(startedAt);
            long t0 = System.nanoTime();
            CompletableFuture<Long> answered = csms.call(STATION_ID, "RequestStartTransaction",
                    "{\"evseId\":1,\"remoteStartId\":" + (i + 1) + ",\"idToken\":{\"idToken\":\"BENCH\",\"type\":\"Central\"}}")
                    .thenApply(answer -> {
                        if (!"Accepted".equals(answer.path("status").asText())) {
                            throw new BenchFailure("RequestStartTransaction answered " + answer);
                        }
                        return System.nanoTime();
                    });
            long t1 = await(answered, "the answer to RequestStartTransaction " + (i + 1));
            long t2 = await(startedAt, "the Started event of remote start " + (i + 1));
            if (i >= warmup) {
                accepted.add(t0, t1);
                started.add(t0, t2);
            }
            stopRunning();
        }
        long stationCpu = cpu < 0 ? -1 : station.cpuMillis() - cpu;
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%-55s %8s %8s %8s %8s %8s", "Measurement (ms)", "min", "avg", "p50", "p99",
                "max"));
        for (Samples s : List.of(accepted, started)) {
            lines.add(String.format(Locale.ROOT, "%-55s %8.3f %8.3f %8.3f %8.3f %8.3f", s.name, s.min(), s.avg(),
                    s.percentile(50), s.percentile(99), s.max()));
        }
        lines.add(String.format(Locale.ROOT, "(%d measured after %d warm-up; each followed by RequestStopTransaction and"
                + " its Ended event; station CPU %d ms for all %d start/stop cycles; reference product 39,870 ms"
                + " with a real DC cable check; goal <= 20 ms of software path)", starts, warmup, stationCpu,
                warmup + starts));
    }

    /** Stops the running transaction remotely and waits for its Ended event. */
    private void stopRunning() throws InterruptedException {
        String txId = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (txId == null) {
            txId = status().at("/evses/0/transactionId").asText(null);
            if (txId == null) {
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("the station shows no transaction after its Started event");
                }
                Thread.sleep(1);
            }
        }
        CompletableFuture<Long> endedAt = new CompletableFuture<>();
        nextEnded.set(endedAt);
        await(csms.call(STATION_ID, "RequestStopTransaction", "{\"transactionId\":\"" + txId + "\"}"),
                "the answer to RequestStopTransaction");
        await(endedAt, "the Ended event of " + txId);
    }

    // --- drain ----------------------------------------------------------------------------------------------

    /** What arrives while the queue drains, checked as it comes. */
    private static final class Drain {
        final int expected;
        final CompletableFuture<Instant> last = new CompletableFuture<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        private final Map<String, Integer> nextSeqNo = new LinkedHashMap<>();
        private String current;
        private int count;

        Drain(int expected) {
            this.expected = expected;
        }

        synchronized void received(JsonNode event) {
            String txId = event.at("/transactionInfo/transactionId").asText();
            int seqNo = event.path("seqNo").asInt(-1);
            Integer next = nextSeqNo.get(txId);
            if (next == null) {
                if (seqNo != 0) {
                    problems.add(txId + " began with seqNo " + seqNo);
                }
                current = txId;
            } else if (!txId.equals(current)) {
                problems.add(txId + " seqNo " + seqNo + " arrived after transaction " + current + " had begun");
            } else if (seqNo != next) {
                problems.add(txId + " seqNo " + seqNo + " arrived, expected " + next);
            }
            nextSeqNo.put(txId, seqNo + 1);
            if (++count == expected) {
                last.complete(Instant.now());
            }
        }

        synchronized int count() {
            return count;
        }

        synchronized int transactions() {
            return nextSeqNo.size();
        }
    }

    private volatile Drain drain;

    private void measureDrain() throws InterruptedException, IOException {
        // One session online, so that the card is in the Authorization Cache for the offline ones.
        api.post("/api/v1/rfid", CARD, 202);
        awaitPhase("CHARGING");
        api.post("/api/v1/rfid", CARD, 202);
        awaitPhase("FINISHED");
        awaitQueued(0, Duration.ofSeconds(30));

        URI url = csms.url();
        csms.close();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (status().at("/ocpp/connected").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("the station still shows a connection 30 s after the CSMS went away");
            }
            Thread.sleep(10);
        }
        System.out.printf("CSMS away; charging sessions until %d TransactionEvents are queued ...%n", events);
        long t0 = System.nanoTime();
        long cpu = station.cpuMillis();
        int sessions = 0;
        int queued = 0;
        while (queued < events) {
            api.post("/api/v1/rfid", CARD, 202);
            awaitPhase("CHARGING");
            api.post("/api/v1/rfid", CARD, 202);
            awaitPhase("FINISHED");
            sessions++;
            queued = status().at("/ocpp/queued").asInt();
            if (sessions % 500 == 0) {
                System.out.printf("  %d sessions, %d events queued%n", sessions, queued);
            }
        }
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        long generateCpu = station.cpuMillis() - cpu;

        Drain d = new Drain(queued);
        drain = d;
        cpu = station.cpuMillis();
        MachineLoad.Snapshot load = MachineLoad.snapshot(station.pid());
        System.out.printf("%d events queued; the CSMS comes back at %s ...%n", queued, url);
        csms = startCsms(url.getPort());
        Instant done = awaitDrain(d);
        Instant reconnected = csms.handshakes(STATION_ID).stream().map(h -> h.at()).findFirst()
                .orElseThrow(() -> new BenchFailure("no reconnection seen"));
        long drainCpu = station.cpuMillis() - cpu;
        MachineLoad.Snapshot after = MachineLoad.snapshot(station.pid());
        long benchCpu = load == null || after == null ? -1 : (after.bench() - load.bench()) * 10; // USER_HZ 100
        double drainMillis = Duration.between(reconnected, done).toNanos() / 1e6;
        awaitQueued(0, TIMEOUT);

        lines.add("");
        lines.add(String.format(Locale.ROOT, "Offline: %d sessions queued %d TransactionEvents in %.1f s (%.0f events/s"
                + " committed durably through the state machine; station CPU %d ms)", sessions, queued,
                generateSeconds, queued / generateSeconds, generateCpu));
        lines.add(String.format(Locale.ROOT, "Drain: %d queued TransactionEvents of %d transactions delivered in %.0f ms"
                + " from the reconnection to the last answer (%.0f events/s; CPU: station %d ms, bench JVM with the CSMS"
                + " %d ms, until the queue was empty); order: %s", d.count(),
                d.transactions(), drainMillis, d.count() / (drainMillis / 1000), drainCpu, benchCpu,
                d.problems.isEmpty() ? "every transaction whole and in order, nothing twice"
                        : d.problems.size() + " problems, first: " + d.problems.peek()));
        lines.add("(goal: 10,000 events in <= 10 s, in order)");
        if (!d.problems.isEmpty()) {
            throw new BenchFailure("events out of order: " + d.problems);
        }
    }

    private Instant awaitDrain(Drain d) throws InterruptedException {
        int seen = -1;
        long stallDeadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return d.last.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                int now = d.count();
                if (now != seen) {
                    seen = now;
                    stallDeadline = System.nanoTime() + TIMEOUT.toNanos();
                } else if (System.nanoTime() > stallDeadline) {
                    throw new BenchFailure("the drain stalled at " + now + " of " + d.expected + " events");
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new BenchFailure("drain failed: " + e.getCause());
            }
        }
    }

    private void awaitQueued(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status().at("/ocpp/queued").asInt(-1) != expected) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("the outbox did not reach " + expected + " queued messages: " + status());
            }
            Thread.sleep(10);
        }
    }

    private void awaitPhase(String phase) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode status;
        while (!phase.equals((status = status()).at("/evses/0/session/phase").asText())) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("the session did not reach " + phase + ": " + status.at("/evses/0"));
            }
            Thread.sleep(1);
        }
    }

    private JsonNode status() {
        try {
            return api.get("/api/v1/status");
        } catch (IOException e) {
            throw new BenchFailure("local API: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BenchFailure(what + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BenchFailure("no " + what + " within " + TIMEOUT.toSeconds() + " s");
        }
    }

    private void stopStation() {
        StationProcess s = station;
        if (s != null) {
            s.close();
        }
    }
}
