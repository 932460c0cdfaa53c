package io.galvani.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Pki;
import io.galvani.csms.demo.Replies;

/**
 * Hot updates, measured against the station as its own process ({@code bin/galvani}) with the demo CSMS in the bench
 * JVM: UpdateFirmware with images built and signed by {@code bin/galvani-image} from the distribution with one bundle
 * changed, served over HTTP on loopback.
 *
 * <ol>
 * <li><b>apply</b>: FirmwareStatusNotification Installing → Installed as the CSMS receives them (download and
 * signature check excluded; the swap, the refresh, the components coming up and the installer's health check
 * included), for a bundle outside the power path (the display) while a charging session runs;</li>
 * <li><b>link down</b>: how long the CSMS saw no connection during each installation (polled every millisecond);</li>
 * <li><b>rollback</b>: Installing → InstallationFailed for an image whose changed bundle cannot start;</li>
 * <li>the same apply for the OCPP transport bundle itself, where the link necessarily drops.</li>
 * </ol>
 *
 * <pre>bin/galvani-bench update [--updates N] [--rollbacks N] [--transport N] [--home DIR]</pre>
 */
public final class UpdateBench {
    private static final String STATION_ID = "GALVANI-BENCH-UPDATE";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private int updates = 10;
    private int rollbacks = 5;
    private int transportUpdates = 3;
    private Path home;
    private String signingCertificatePem;

    private UpdateBench() {
    }

    public static void main(String[] args) {
        UpdateBench bench = new UpdateBench();
        BenchCli.main("update bench",
                "galvani-bench update [--updates N] [--rollbacks N] [--transport N] [--home DIR]",
                () -> bench.parse(args), bench::run);
    }

    private void parse(String[] args) {
        home = BenchCli.home();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--updates" -> updates = BenchCli.number(arg, args, ++i, 1);
                case "--rollbacks" -> rollbacks = BenchCli.number(arg, args, ++i, 0);
                case "--transport" -> transportUpdates = BenchCli.number(arg, args, ++i, 0);
                case "--home" -> home = Path.of(BenchCli.value(arg, args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
    }

    private void run() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("galvani-update-bench-");
        HttpServer files = serve(work);
        try (DemoCsms csms = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .reply("BootNotification", Replies.bootNotification("Accepted", 3600)).build());
             StationProcess station = StationProcess.builder(home, csms.url(), STATION_ID, work.resolve("data"))
                     .systemProperty("galvani.retry.wait.minimum", "0")
                     .systemProperty("galvani.retry.random.range", "0").start()) {
            Pki manufacturer = Pki.create("Bench manufacturer root");
            Pki.Issued signer = manufacturer.station("Bench firmware signing", "Galvani bench");
            signingCertificatePem = Pki.pem(signer.certificate());
            Releases releases = new Releases(home, Files.writeString(work.resolve("key.pem"), Pki.pem(signer.key())),
                    Files.writeString(work.resolve("cert.pem"), Pki.pem(signer.certificate())));
            csms.awaitCall("StatusNotification", TIMEOUT);
            call(csms, "InstallCertificate", JSON.createObjectNode()
                    .put("certificateType", "ManufacturerRootCertificate").put("certificate", Pki.pem(manufacturer.root())));
            StationApi api = new StationApi(station.apiPort());
            api.post("/api/v1/evses/1/plug", "", 200);
            api.post("/api/v1/rfid", CARD, 202);
            csms.awaitFrame(f -> f.isCall() && "TransactionEvent".equals(f.action())
                    && "Charging".equals(f.payload().at("/transactionInfo/chargingState").asText()), TIMEOUT);

            LinkWatch link = new LinkWatch(csms);
            Samples apply = new Samples("display bundle, during a session: Installing -> Installed", updates);
            Samples applyDown = new Samples("  link down during it", updates);
            Samples rollback = new Samples("display bundle that cannot start: Installing -> InstallationFailed",
                    rollbacks);
            Samples rollbackDown = new Samples("  link down during it", rollbacks);
            Samples transport = new Samples("OCPP transport bundle: Installing -> Installed", transportUpdates);
            Samples transportDown = new Samples("  link down during it", transportUpdates);
            int requestId = 1;
            for (int i = 0; i < updates; i++) {
                String version = "0.2." + i;
                Releases.Image image = releases.withChangedBundle(work, version, "io.galvani.display",
                        m -> m.putValue("Bundle-Version", "0.1.1." + version.replace('.', '_')));
                measure(csms, link, files, image, requestId++, "Installed", apply, applyDown);
            }
            for (int i = 0; i < rollbacks; i++) {
                String version = "0.3." + i;
                Releases.Image image = releases.withChangedBundle(work, version, "io.galvani.display", m -> {
                    m.putValue("Bundle-Version", "0.1.2." + version.replace('.', '_'));
                    m.putValue("Bundle-Activator", "io.galvani.display.internal.NoSuchActivator");
                });
                measure(csms, link, files, image, requestId++, "InstallationFailed", rollback, rollbackDown);
            }
            for (int i = 0; i < transportUpdates; i++) {
                String version = "0.4." + i;
                Releases.Image image = releases.withChangedBundle(work, version, "io.galvani.ocpp.rpc",
                        m -> m.putValue("Bundle-Version", "0.1.3." + version.replace('.', '_')));
                measure(csms, link, files, image, requestId++, "Installed", transport, transportDown);
            }
            link.close();
            boolean sessionEnded = csms.frames().stream().anyMatch(f -> f.isCall() && "TransactionEvent".equals(f.action())
                    && "Ended".equals(f.payload().at("/eventType").asText()));

            System.out.println();
            System.out.printf("Station: %s, JVM options %s; %d cores; %s %s%n", home,
                    System.getenv().getOrDefault("GALVANI_JAVA_OPTS", "(defaults of bin/galvani)"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%-70s %9s %9s %9s %9s%n", "Measurement (ms)", "min", "avg", "p50", "max");
            for (Samples s : List.of(apply, applyDown, rollback, rollbackDown, transport, transportDown)) {
                if (s.count() > 0) {
                    System.out.printf(Locale.ROOT, "%-70s %9.1f %9.1f %9.1f %9.1f%n", s.name, s.min(), s.avg(),
                            s.percentile(50), s.max());
                }
            }
            System.out.println("The charging session ran through all of it: " + (sessionEnded
                    ? "NO, it ended (see the station's log)" : "yes, no TransactionEvent Ended"));
        } finally {
            files.stop(0);
            OcppBench.deleteTree(work);
        }
    }

    private void measure(DemoCsms csms, LinkWatch link, HttpServer files, Releases.Image image, int requestId,
            String outcome, Samples time, Samples down) throws IOException, InterruptedException {
        int mark = csms.mark();
        link.reset();
        ObjectNode request = JSON.createObjectNode().put("requestId", requestId).put("retries", 0);
        request.putObject("firmware")
                .put("location", "http://127.0.0.1:" + files.getAddress().getPort() + "/" + image.file().getFileName())
                .put("retrieveDateTime", Instant.now().minusSeconds(5).toString())
                .put("signingCertificate", signingCertificatePem)
                .put("signature", image.signature());
        String status = call(csms, "UpdateFirmware", request);
        if (!"Accepted".equals(status)) {
            throw new BenchFailure("UpdateFirmware answered " + status);
        }
        Frame installing = awaitStatus(csms, mark, requestId, "Installing");
        Frame end = csms.awaitFrame(mark, f -> isStatus(f, requestId) && terminal(f.payload().at("/status").asText()),
                TIMEOUT);
        String reached = end.payload().at("/status").asText();
        if (!outcome.equals(reached)) {
            throw new BenchFailure("expected " + outcome + " for request " + requestId + ", got " + reached);
        }
        time.add(0, Duration.between(installing.at(), end.at()).toNanos());
        down.add(0, link.downNanos());
        Files.deleteIfExists(image.file());
    }

    private static boolean terminal(String status) {
        return List.of("Installed", "InstallationFailed", "InstallVerificationFailed", "InvalidSignature",
                "DownloadFailed").contains(status);
    }

    private static boolean isStatus(Frame f, int requestId) {
        return f.isCall() && "FirmwareStatusNotification".equals(f.action())
                && f.payload().at("/requestId").asInt() == requestId;
    }

    private static Frame awaitStatus(DemoCsms csms, int mark, int requestId, String status) {
        return csms.awaitFrame(mark, f -> isStatus(f, requestId) && status.equals(f.payload().at("/status").asText()),
                TIMEOUT);
    }

    private static String call(DemoCsms csms, String action, ObjectNode payload) throws InterruptedException {
        try {
            return csms.call(STATION_ID, action, payload).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).at("/status")
                    .asText();
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailure(action + " failed: " + e, e);
        }
    }

    private static HttpServer serve(Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        server.start();
        return server;
    }

    /** The CSMS's view of the connection, polled every millisecond on a thread of its own. */
    private static final class LinkWatch implements AutoCloseable {
        private final Thread thread;
        private final AtomicLong downNanos = new AtomicLong();
        private volatile boolean running = true;

        LinkWatch(DemoCsms csms) {
            thread = new Thread(() -> {
                long downSince = 0;
                while (running) {
                    boolean up = csms.isConnected(STATION_ID);
                    long now = System.nanoTime();
                    if (!up && downSince == 0) {
                        downSince = now;
                    } else if (up && downSince != 0) {
                        downNanos.addAndGet(now - downSince);
                        downSince = 0;
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "link-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            downNanos.set(0);
        }

        long downNanos() {
            return downNanos.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
