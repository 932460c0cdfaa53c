package io.galvani.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.csms.demo.CsmsCallError;
import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;

/**
 * OCPP response times of the station's device model on loopback: GetVariables (1 and 10 items), SetVariables (1
 * item) and GetBaseReport FullInventory up to its last NotifyReport.
 *
 * <p>The bench JVM hosts the CSMS ({@code io.galvani.csms.demo}) and starts the real station ({@code bin/galvani})
 * as a separate process connecting to it. Requests go one after the other, each only after the previous answer
 * (OCPP-J allows one outstanding CALL per direction). A sample is {@code System.nanoTime()} just before
 * {@link DemoCsms#call} (which serializes and sends the frame) up to the moment the answer, parsed and matched by
 * the CSMS, completes the call's future on the Jetty thread that read it. For a report: GetBaseReport sent → the
 * NotifyReport with {@code tbc=false} read.
 *
 * <pre>java -cp bin/galvani-bench.jar:bundle/* io.galvani.bench.OcppBench [requests] [--warmup N] [--reports N]
 *      [--report-warmup N] [--home DIR] [--keep-data]</pre>
 */
public final class OcppBench {

    static final String STATION_ID = "GALVANI-BENCH-0001";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String[] SET_VALUES = {"3600", "3601"}; // no heartbeat fires during the run

    private int requests = 10_000;
    private int warmup = 2_000;
    private int reports = 200;
    private int reportWarmup = 20;
    private Path home;
    private boolean keepData;

    private DemoCsms csms;
    private StationProcess station;
    private GcLog stationGc;
    private GcLog benchGc;
    private LogRollovers rollovers;
    private Hiccups hiccups;
    /** A wake-up of the hiccup meter this late is noted. */
    private static final double HICCUP_MS = 5;
    private final ReportCollector collector = new ReportCollector();
    private int nextRequestId = 1;

    private final List<ResultTable.Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private OcppBench() {
    }

    public static void main(String[] args) {
        OcppBench bench = new OcppBench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ocpp bench: " + e.getMessage());
            System.err.println("usage: galvani-bench ocpp [requests] [--warmup N] [--reports N] [--report-warmup N]"
                    + " [--home DIR] [--keep-data]");
            System.exit(2);
            return;
        }
        int code;
        try {
            code = bench.run();
        } catch (BenchFailure e) {
            System.err.println("ocpp bench: " + e.getMessage());
            code = 1;
        } catch (IOException e) {
            System.err.println("ocpp bench: " + e);
            code = 1;
        }
        System.exit(code);
    }

    private void parse(String[] args) {
        home = BenchCli.home();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--warmup" -> warmup = BenchCli.number(arg, args, ++i, 0);
                case "--reports" -> reports = BenchCli.number(arg, args, ++i, 1);
                case "--report-warmup" -> reportWarmup = BenchCli.number(arg, args, ++i, 0);
                case "--home" -> home = Path.of(BenchCli.value(arg, args, ++i));
                case "--keep-data" -> keepData = true;
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    requests = BenchCli.number("requests", args, i, 1);
                }
            }
        }
    }

    // --- the run ------------------------------------------------------------------------------------------

    /** Bench-side allocation per request, measured about 22 kB (CSMS frame record included); with margin. */
    private static final long BYTES_PER_REQUEST = 40 * 1024;

    /**
     * With Epsilon (no GC, the default of bin/galvani-bench: the CSMS keeps every frame, and a collector copying
     * them showed pauses of several 100 ms in the bench JVM) the heap must hold everything the run allocates.
     */
    private void checkHeap() {
        boolean epsilon = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(gc -> gc.getName().startsWith("Epsilon"));
        if (!epsilon) {
            return;
        }
        long needed = 3L * (requests + warmup) * BYTES_PER_REQUEST + (reports + reportWarmup) * 256L * 1024
                + 256L * 1024 * 1024;
        long max = Runtime.getRuntime().maxMemory();
        if (needed > max) {
            throw new BenchFailure(String.format(Locale.ROOT, "The bench JVM runs without GC (Epsilon) and needs about"
                    + " %d MB of heap for this many requests, it has %d MB: set GALVANI_BENCH_JAVA_OPTS, e.g."
                    + " \"-XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xms%dm -Xmx%dm\"", needed >> 20,
                    max >> 20, (needed >> 20) + 256, (needed >> 20) + 256));
        }
    }

    private int run() throws IOException {
        checkHeap();
        Path data = Files.createTempDirectory("galvani-ocpp-bench-");
        Thread hook = new Thread(this::stopStation, "galvani-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C: never leave the station running
        try (DemoCsms started = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .reply("NotifyReport", collector).build())) {
            csms = started;
            benchGc = GcLog.enable(ProcessHandle.current().pid(), data.resolve("bench-gc.log"));
            System.out.printf("Starting the station (%s) against the CSMS at %s ...%n", home, csms.url());
            station = StationProcess.start(home, csms.url(), STATION_ID, data.resolve("station"));
            try (LogRollovers logs = new LogRollovers(data.resolve("station/logs"));
                    Hiccups meter = new Hiccups(HICCUP_MS)) {
                rollovers = logs;
                hiccups = meter;
                awaitBoot();
                stationGc = GcLog.enable(station.pid(), data.resolve("station-gc.log"));
                ResultTable table = new ResultTable(home, csms, station, HICCUP_MS);
                table.printHeader();
                measureAll();
                table.printResults(rows, notes, String.format("Warm-up: %d requests per message, %d reports;"
                        + " measured: %d requests per message, %d reports", warmup, reportWarmup, requests, reports),
                        stationGc, benchGc, rollovers, hiccups);
                return rows.stream().anyMatch(r -> r.failure() != null) ? 1 : 0;
            } finally {
                stopStation(); // before the CSMS closes, so that the station does not log a lost connection
            }
        } finally {
            stopStation();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            if (keepData) {
                System.out.println("Data dir kept: " + data);
            } else {
                deleteTree(data);
            }
        }
    }

    private void awaitBoot() {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (true) {
            if (!station.isAlive()) {
                throw new BenchFailure("The station exited before its BootNotification; its console output:\n"
                        + station.tail(30));
            }
            try {
                csms.awaitCall("BootNotification", Duration.ofSeconds(1));
                break;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("No BootNotification within " + BOOT_TIMEOUT.toSeconds()
                            + " s; the station's console output:\n" + station.tail(30));
                }
            }
        }
        csms.awaitConnected(STATION_ID, TIMEOUT);
        // Let the boot traffic (StatusNotification, NotifyEvent…) and the start-up work settle: 2 s without a frame.
        long quietUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int mark = csms.mark();
        while (System.nanoTime() < quietUntil) {
            sleep(2000);
            int now = csms.mark();
            if (now == mark) {
                break;
            }
            mark = now;
        }
    }

    private void measureAll() {
        // What the station allows in one GetVariables; the 10-item request must fit.
        int maxItems = Integer.MAX_VALUE;
        int maxBytes = Integer.MAX_VALUE;
        JsonNode results;
        try {
            results = call("GetVariables", VariablesPayloads.getVariables(List.of(
                    VariablesPayloads.item("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"),
                    VariablesPayloads.item("DeviceDataCtrlr", "BytesPerMessage", "GetVariables")))).path("getVariableResult");
        } catch (BenchFailure e) {
            results = NODES.arrayNode();
            notes.add("Reading the DeviceDataCtrlr limits failed: " + e.getMessage());
        }
        if (VariablesPayloads.accepted(results.path(0)) && VariablesPayloads.accepted(results.path(1))) {
            maxItems = results.path(0).path("attributeValue").asInt(Integer.MAX_VALUE);
            maxBytes = results.path(1).path("attributeValue").asInt(Integer.MAX_VALUE);
            notes.add(String.format("DeviceDataCtrlr: ItemsPerMessage[GetVariables] = %d, BytesPerMessage[GetVariables]"
                    + " = %d", maxItems, maxBytes));
        } else {
            notes.add("DeviceDataCtrlr.ItemsPerMessage/BytesPerMessage[GetVariables] not readable ("
                    + VariablesPayloads.describe(results.path(0)) + "; " + VariablesPayloads.describe(results.path(1)) + "): assuming no limit");
        }

        // The first FullInventory report: what exists, for the 10-item request.
        List<JsonNode> inventory = List.of();
        try {
            ReportCollector.Report first = reportRun(true).report();
            inventory = first.reportData();
            notes.add(String.format("FullInventory: %d entries in %d NotifyReport parts", first.entries(),
                    first.parts()));
        } catch (BenchFailure e) {
            notes.add("First FullInventory report failed (" + e.getMessage() + "): the 10 items cannot be chosen");
        }

        JsonNode one = VariablesPayloads.getVariables(List.of(VariablesPayloads.item("OCPPCommCtrlr", "HeartbeatInterval", null)));
        measure("GetVariables, 1 item (OCPPCommCtrlr.HeartbeatInterval)", "GetVariables", i -> one,
                response -> VariablesPayloads.checkGet(response, 1));

        int wanted = Math.min(10, maxItems);
        try {
            List<JsonNode> items = chooseItems(inventory, wanted, maxBytes);
            JsonNode ten = VariablesPayloads.getVariables(items);
            if (items.size() < 10) {
                notes.add("Only " + items.size() + " readable items for the \"10 items\" request");
            }
            measure("GetVariables, " + items.size() + " items", "GetVariables", i -> ten,
                    response -> VariablesPayloads.checkGet(response, items.size()));
        } catch (BenchFailure e) {
            fail("GetVariables, " + wanted + " items", e, false);
        }

        JsonNode[] sets = {VariablesPayloads.setHeartbeat(SET_VALUES[0]), VariablesPayloads.setHeartbeat(SET_VALUES[1])};
        measure("SetVariables, 1 item (HeartbeatInterval " + SET_VALUES[0] + "/" + SET_VALUES[1] + ")",
                "SetVariables", i -> sets[i % 2], VariablesPayloads::checkSet);

        measureReports();
    }

    // --- request/response measurements ----------------------------------------------------------------------

    private void measure(String name, String action, IntFunction<JsonNode> payloads, Consumer<JsonNode> check) {
        if (!stationUp(name)) {
            return;
        }
        try {
            System.out.printf("%s: %d warm-up + %d measured requests ...%n", name, warmup, requests);
            timed(action, warmup, payloads, check, null);
            Samples samples = new Samples(name, requests);
            long cpu = station.cpuMillis();
            MachineLoad.Snapshot load = MachineLoad.snapshot(station.pid());
            timed(action, requests, payloads, check, samples);
            samples.cpuMillis = cpu < 0 ? -1 : station.cpuMillis() - cpu;
            samples.othersPercent = MachineLoad.othersPercent(load, MachineLoad.snapshot(station.pid()));
            samples.loadAverage = MachineLoad.loadAverage();
            rows.add(new ResultTable.Row(name, samples, ResultTable.REFERENCE_RESPONSE, null, false));
        } catch (BenchFailure e) {
            fail(name, e, false);
        }
    }

    private void timed(String action, int n, IntFunction<JsonNode> payloads, Consumer<JsonNode> check,
            Samples samples) {
        for (int i = 0; i < n; i++) {
            JsonNode payload = payloads.apply(i);
            long start = System.nanoTime();
            CompletableFuture<JsonNode> answer = csms.call(STATION_ID, action, payload);
            CompletableFuture<Long> answered = answer.thenApply(r -> System.nanoTime());
            long end = await(answered, action, payload);
            check.accept(answer.join());
            if (samples != null) {
                samples.add(start, end);
            }
        }
    }

    // --- reports --------------------------------------------------------------------------------------------

    private record ReportRun(long start, long responded, ReportCollector.Report report) {
    }

    private ReportRun reportRun(boolean keepData) {
        int requestId = nextRequestId++;
        CompletableFuture<ReportCollector.Report> done = collector.expect(requestId, keepData);
        ObjectNode payload = NODES.objectNode().put("requestId", requestId).put("reportBase", "FullInventory");
        long start = System.nanoTime();
        CompletableFuture<JsonNode> answer = csms.call(STATION_ID, "GetBaseReport", payload);
        CompletableFuture<Long> answered = answer.thenApply(r -> System.nanoTime());
        long responded = await(answered, "GetBaseReport", payload);
        String status = answer.join().path("status").asText();
        if (!"Accepted".equals(status)) {
            throw new BenchFailure("GetBaseReport FullInventory answered status " + status + " "
                    + answer.join().path("statusInfo"));
        }
        ReportCollector.Report report = await(done, "the last NotifyReport of report " + requestId, payload);
        return new ReportRun(start, responded, report);
    }

    private void measureReports() {
        String name = "GetBaseReport FullInventory -> last NotifyReport";
        String responseName = "GetBaseReport FullInventory -> its CALLRESULT";
        if (!stationUp(name)) {
            return;
        }
        try {
            System.out.printf("GetBaseReport FullInventory: %d warm-up + %d measured reports ...%n", reportWarmup,
                    reports);
            for (int i = 0; i < reportWarmup; i++) {
                reportRun(false);
            }
            Samples complete = new Samples(name, reports);
            Samples response = new Samples(responseName, reports);
            int minParts = Integer.MAX_VALUE;
            int maxParts = 0;
            int minEntries = Integer.MAX_VALUE;
            int maxEntries = 0;
            long cpu = station.cpuMillis();
            MachineLoad.Snapshot load = MachineLoad.snapshot(station.pid());
            for (int i = 0; i < reports; i++) {
                ReportRun run = reportRun(false);
                response.add(run.start(), run.responded());
                complete.add(run.start(), run.report().lastPartNanos());
                minParts = Math.min(minParts, run.report().parts());
                maxParts = Math.max(maxParts, run.report().parts());
                minEntries = Math.min(minEntries, run.report().entries());
                maxEntries = Math.max(maxEntries, run.report().entries());
            }
            complete.cpuMillis = cpu < 0 ? -1 : station.cpuMillis() - cpu;
            complete.othersPercent = MachineLoad.othersPercent(load, MachineLoad.snapshot(station.pid()));
            complete.loadAverage = MachineLoad.loadAverage();
            response.othersPercent = complete.othersPercent;
            response.loadAverage = complete.loadAverage;
            rows.add(new ResultTable.Row(responseName, response, "-", null, false));
            rows.add(new ResultTable.Row(name, complete, ResultTable.REFERENCE_REPORT, null, true));
            notes.add(String.format("Each measured report: %s NotifyReport parts, %s entries",
                    ResultTable.range(minParts, maxParts), ResultTable.range(minEntries, maxEntries)));
        } catch (BenchFailure e) {
            fail(name, e, true);
        }
    }

    /**
     * Up to {@code wanted} readable variables of the FullInventory, spread over the components (round robin), each
     * checked with one GetVariables; an item the station does not accept is replaced by the next candidate.
     */
    private List<JsonNode> chooseItems(List<JsonNode> inventory, int wanted, int maxBytes) {
        List<JsonNode> candidates = VariablesPayloads.readableItems(inventory);
        if (candidates.isEmpty()) {
            throw new BenchFailure("no readable variable in the FullInventory report to build the request from");
        }
        List<JsonNode> chosen = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int next = 0;
        while (chosen.size() < wanted && next < candidates.size()) {
            List<JsonNode> batch = new ArrayList<>();
            while (chosen.size() + batch.size() < wanted && next < candidates.size()) {
                batch.add(candidates.get(next++));
            }
            JsonNode results = call("GetVariables", VariablesPayloads.getVariables(batch)).path("getVariableResult");
            for (int i = 0; i < batch.size(); i++) {
                if (VariablesPayloads.accepted(results.path(i))) {
                    chosen.add(batch.get(i));
                } else {
                    refused.add(VariablesPayloads.describe(results.path(i)));
                }
            }
        }
        if (!refused.isEmpty()) {
            notes.add("Reported but not readable with GetVariables, left out: " + String.join("; ", refused));
        }
        while (VariablesPayloads.getVariables(chosen).toString().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            chosen.remove(chosen.size() - 1);
        }
        if (chosen.isEmpty()) {
            throw new BenchFailure("none of the reported variables is readable with GetVariables: " + refused);
        }
        notes.add("The " + chosen.size() + " items: " + String.join(", ", chosen.stream().map(VariablesPayloads::name)
                .toList()));
        return chosen;
    }

    // --- calls ----------------------------------------------------------------------------------------------

    private JsonNode call(String action, JsonNode payload) {
        CompletableFuture<JsonNode> answer = csms.call(STATION_ID, action, payload);
        return await(answer, action, payload);
    }

    private <T> T await(CompletableFuture<T> future, String what, JsonNode payload) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CsmsCallError error) {
                throw new BenchFailure(what + " answered with CALLERROR " + error.code()
                        + (error.description() == null || error.description().isEmpty() ? "" : " \"" + error.description() + "\"")
                        + " to " + abbreviate(payload.toString()), error);
            }
            if (cause instanceof BenchFailure failure) {
                throw failure;
            }
            throw new BenchFailure(what + " failed: " + cause.getMessage()
                    + (station.isAlive() ? "" : " (the station exited; its console output:\n" + station.tail(20) + ")"),
                    cause);
        } catch (TimeoutException e) {
            throw new BenchFailure("No answer to " + what + " within " + TIMEOUT.toSeconds() + " s: "
                    + abbreviate(payload.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted while waiting for " + what, e);
        }
    }

    private boolean stationUp(String name) {
        if (station.isAlive() && csms.isConnected(STATION_ID)) {
            return true;
        }
        rows.add(new ResultTable.Row(name, null, "", "not run: the station " + (station.isAlive() ? "is not connected" : "exited"),
                false));
        return false;
    }

    private void fail(String name, BenchFailure e, boolean report) {
        System.out.println("  FAILED: " + e.getMessage());
        rows.add(new ResultTable.Row(name, null, report ? ResultTable.REFERENCE_REPORT : ResultTable.REFERENCE_RESPONSE, e.getMessage(), report));
    }

    private void stopStation() {
        if (station != null) {
            station.close();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted");
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e);
        }
    }
}
