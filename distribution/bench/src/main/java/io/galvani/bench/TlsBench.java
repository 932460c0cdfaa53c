package io.galvani.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Handshake;
import io.galvani.csms.demo.Pki;
import io.galvani.csms.demo.Replies;
import io.galvani.csms.demo.TlsOptions;

/**
 * What TLS costs the station (OCPP security profiles 2 and 3 next to profile 1), against the station as its own
 * process and the demo CSMS in the bench JVM on loopback, with certificates of a CA made for the run (EC P-256):
 *
 * <ol>
 * <li><b>Start-up</b>: JVM launch → BootNotification read by the CSMS, per profile, each run with a new data dir
 * (the installer's certificates are imported at the first start, as in the field);</li>
 * <li><b>Reconnection</b>: the CSMS drops the connection; the station's back-off is 0, so what is measured is the
 * TCP connect, the TLS handshake (full, or resumed if the station's TLS session cache allows) and the WebSocket
 * upgrade, from the drop to the new connection registered by the CSMS;</li>
 * <li><b>OCPP response time</b>: GetVariables (1 item) one after the other over the open connection.</li>
 * </ol>
 *
 * <pre>bin/galvani-bench tls [--starts N] [--reconnects N] [--requests N] [--home DIR]</pre>
 */
public final class TlsBench {
    private static final String STATION_ID = "GALVANI-BENCH-TLS";
    private static final String PASSWORD = "bench-password-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String GET_ONE = "{\"getVariableData\":[{\"component\":{\"name\":\"OCPPCommCtrlr\"},"
            + "\"variable\":{\"name\":\"HeartbeatInterval\"}}]}";

    private int starts = 3;
    private int reconnects = 20;
    private int requests = 2000;
    private Path home;

    private TlsBench() {
    }

    public static void main(String[] args) {
        TlsBench bench = new TlsBench();
        BenchCli.main("tls bench", "galvani-bench tls [--starts N] [--reconnects N] [--requests N] [--home DIR]",
                () -> bench.parse(args), bench::run);
    }

    private void parse(String[] args) {
        home = BenchCli.home();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--starts" -> starts = BenchCli.number(arg, args, ++i, 1);
                case "--reconnects" -> reconnects = BenchCli.number(arg, args, ++i, 1);
                case "--requests" -> requests = BenchCli.number(arg, args, ++i, 1);
                case "--home" -> home = Path.of(BenchCli.value(arg, args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
    }

    private record Row(String profile, Samples boot, Samples reconnect, Samples response) {
    }

    private void run() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("galvani-tls-bench-");
        try {
            Pki pki = Pki.create("Bench operator root");
            Path root = Files.writeString(work.resolve("csms-root.pem"), Pki.pem(pki.root()));
            Pki.Issued station = pki.station("GLV-BENCH-0001", "Galvani bench");
            Path cert = Files.writeString(work.resolve("station.pem"), station.chainPem());
            Path key = Files.writeString(work.resolve("station.key"), Pki.pem(station.key()));
            Pki.Issued server = pki.server("localhost", "localhost", "127.0.0.1");
            List<Row> rows = new ArrayList<>();
            for (int profile = 1; profile <= 3; profile++) {
                TlsOptions tls = profile == 1 ? null : profile == 2 ? TlsOptions.server(server)
                        : TlsOptions.mutual(server, pki.root());
                System.out.printf("Security profile %d: %d starts, %d reconnections, %d requests ...%n", profile, starts,
                        reconnects, requests);
                rows.add(measure(profile, tls, work.resolve("profile-" + profile), root, cert, key));
            }
            System.out.println();
            System.out.printf("Station: %s, JVM options %s; %d cores; %s %s%n", home,
                    System.getenv().getOrDefault("GALVANI_JAVA_OPTS", "(defaults of bin/galvani)"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%-46s %9s %9s %9s %9s %9s%n", "Measurement (ms)", "min", "avg", "p50", "p99",
                    "max");
            for (Row r : rows) {
                for (Samples s : List.of(r.boot(), r.reconnect(), r.response())) {
                    System.out.printf(Locale.ROOT, "%-46s %9.2f %9.2f %9.2f %9.2f %9.2f%n",
                            "SP" + r.profile() + " " + s.name, s.min(), s.avg(), s.percentile(50), s.percentile(99),
                            s.max());
                }
            }
            System.out.println("(SP1 = ws:// + Basic auth; SP2 = wss:// + Basic auth, CSMS certificate checked against"
                    + " the installed root; SP3 = wss:// with the station's certificate; EC P-256 certificates)");
        } finally {
            OcppBench.deleteTree(work);
        }
    }

    private Row measure(int profile, TlsOptions tls, Path data, Path root, Path cert, Path key)
            throws IOException, InterruptedException {
        Samples boot = new Samples("JVM launch -> BootNotification", starts);
        Samples reconnect = new Samples("connection dropped -> connected again", reconnects);
        Samples response = new Samples("GetVariables 1 item", requests);
        AtomicReference<CompletableFuture<Long>> bootSeen = new AtomicReference<>(new CompletableFuture<>());
        CsmsOptions.Builder options = CsmsOptions.builder().port(0).logTraffic(false).tls(tls)
                .reply("BootNotification", (station, id, payload) -> {
                    bootSeen.get().complete(System.nanoTime());
                    return Replies.bootNotification("Accepted", 3600).respond(station, id, payload);
                });
        try (DemoCsms csms = DemoCsms.start(options.build())) {
            for (int run = 0; run < starts; run++) {
                bootSeen.set(new CompletableFuture<>());
                Path dir = data.resolve("run-" + run);
                StationProcess.Builder b = StationProcess.builder(home, csms.url(), STATION_ID, dir)
                        .systemProperty("galvani.retry.wait.minimum", "0")
                        .systemProperty("galvani.retry.random.range", "0")
                        .env("STATION_SECURITY_PROFILE", Integer.toString(profile));
                if (profile >= 2) {
                    b.env("STATION_CSMS_ROOT_CERT", root.toString());
                }
                if (profile == 3) {
                    b.env("STATION_CLIENT_CERT", cert.toString()).env("STATION_CLIENT_KEY", key.toString());
                } else {
                    b.env("STATION_BASIC_AUTH_PASSWORD", PASSWORD);
                }
                long launched = System.nanoTime();
                try (StationProcess station = b.start()) {
                    long seen = await(bootSeen.get(), "a BootNotification (profile " + profile + ")", station);
                    boot.add(launched, seen);
                    if (run == starts - 1) {
                        csms.awaitConnected(STATION_ID, TIMEOUT);
                        measureReconnects(csms, reconnect);
                        measureResponses(csms, response);
                    }
                }
                csms.awaitDisconnected(STATION_ID, TIMEOUT);
            }
        }
        return new Row(Integer.toString(profile), boot, reconnect, response);
    }

    private void measureReconnects(DemoCsms csms, Samples samples) throws InterruptedException {
        Thread.sleep(2000); // boot traffic (StatusNotification, security events) settles
        for (int i = 0; i < reconnects; i++) {
            int before = csms.connectionCount(STATION_ID);
            long dropped = System.nanoTime();
            Instant droppedAt = Instant.now();
            csms.disconnect(STATION_ID);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (csms.connectionCount(STATION_ID) == before) {
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("the station did not reconnect within " + TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(0, 200_000);
            }
            List<Handshake> hs = csms.handshakes(STATION_ID);
            Instant at = hs.get(hs.size() - 1).at();
            samples.add(dropped, dropped + Duration.between(droppedAt, at).toNanos());
            csms.awaitConnected(STATION_ID, TIMEOUT);
            Thread.sleep(200);
        }
    }

    private void measureResponses(DemoCsms csms, Samples samples) throws InterruptedException {
        for (int i = 0; i < requests / 4; i++) { // warm-up
            call(csms);
        }
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            long t1 = call(csms);
            samples.add(t0, t1);
        }
    }

    private static long call(DemoCsms csms) throws InterruptedException {
        CompletableFuture<Long> done = csms.call(STATION_ID, "GetVariables", GET_ONE).thenApply(r -> System.nanoTime());
        try {
            return done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailure("GetVariables failed: " + e);
        }
    }

    private static long await(CompletableFuture<Long> f, String what, StationProcess station)
            throws InterruptedException {
        try {
            return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailure("no " + what + " within " + TIMEOUT.toSeconds() + " s; the station's output:\n"
                    + station.tail(30));
        }
    }
}
