package io.galvani.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

    /** The reference product, as measured for the issue: min / avg / max in seconds. */
    private static final String REFERENCE_RESPONSE = "100 / 180 / 2820";
    private static final String REFERENCE_REPORT = "avg 990";
    private static final double GOAL_AVG_MS = 2;
    private static final double GOAL_MAX_MS = 50;
    private static final double GOAL_REPORT_MS = 20;
    /** File times are kernel-tick coarse (4 ms at HZ=250): a rollover this close to a sample counts as in it. */
    private static final long ROLLOVER_SLACK = 10_000_000L;
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

    /** One line of the table: a measurement or why it failed. */
    private record Row(String name, Samples samples, String reference, String failure, boolean report) {
    }

    private final List<Row> rows = new ArrayList<>();
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
        String galvaniHome = System.getProperty("galvani.home");
        home = galvaniHome == null ? Path.of(".").toAbsolutePath().normalize() : Path.of(galvaniHome);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--warmup" -> warmup = number(arg, args, ++i, 0);
                case "--reports" -> reports = number(arg, args, ++i, 1);
                case "--report-warmup" -> reportWarmup = number(arg, args, ++i, 0);
                case "--home" -> home = Path.of(value(arg, args, ++i));
                case "--keep-data" -> keepData = true;
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    requests = number("requests", args, i, 1);
                }
            }
        }
    }

    private static String value(String name, String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int number(String name, String[] args, int i, int min) {
        String text = value(name, args, i);
        try {
            int n = Integer.parseInt(text.replace("_", "").replace(",", ""));
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + text, e);
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
                printHeader();
                measureAll();
                printResults();
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
            results = call("GetVariables", getVariables(List.of(
                    item("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"),
                    item("DeviceDataCtrlr", "BytesPerMessage", "GetVariables")))).path("getVariableResult");
        } catch (BenchFailure e) {
            results = NODES.arrayNode();
            notes.add("Reading the DeviceDataCtrlr limits failed: " + e.getMessage());
        }
        if (accepted(results.path(0)) && accepted(results.path(1))) {
            maxItems = results.path(0).path("attributeValue").asInt(Integer.MAX_VALUE);
            maxBytes = results.path(1).path("attributeValue").asInt(Integer.MAX_VALUE);
            notes.add(String.format("DeviceDataCtrlr: ItemsPerMessage[GetVariables] = %d, BytesPerMessage[GetVariables]"
                    + " = %d", maxItems, maxBytes));
        } else {
            notes.add("DeviceDataCtrlr.ItemsPerMessage/BytesPerMessage[GetVariables] not readable ("
                    + describe(results.path(0)) + "; " + describe(results.path(1)) + "): assuming no limit");
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

        JsonNode one = getVariables(List.of(item("OCPPCommCtrlr", "HeartbeatInterval", null)));
        measure("GetVariables, 1 item (OCPPCommCtrlr.HeartbeatInterval)", "GetVariables", i -> one,
                response -> checkGet(response, 1));

        int wanted = Math.min(10, maxItems);
        try {
            List<JsonNode> items = chooseItems(inventory, wanted, maxBytes);
            JsonNode ten = getVariables(items);
            if (items.size() < 10) {
                notes.add("Only " + items.size() + " readable items for the \"10 items\" request");
            }
            measure("GetVariables, " + items.size() + " items", "GetVariables", i -> ten,
                    response -> checkGet(response, items.size()));
        } catch (BenchFailure e) {
            fail("GetVariables, " + wanted + " items", e, false);
        }

        JsonNode[] sets = {setHeartbeat(SET_VALUES[0]), setHeartbeat(SET_VALUES[1])};
        measure("SetVariables, 1 item (HeartbeatInterval " + SET_VALUES[0] + "/" + SET_VALUES[1] + ")",
                "SetVariables", i -> sets[i % 2], OcppBench::checkSet);

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
            rows.add(new Row(name, samples, REFERENCE_RESPONSE, null, false));
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
            rows.add(new Row(responseName, response, "-", null, false));
            rows.add(new Row(name, complete, REFERENCE_REPORT, null, true));
            notes.add(String.format("Each measured report: %s NotifyReport parts, %s entries",
                    range(minParts, maxParts), range(minEntries, maxEntries)));
        } catch (BenchFailure e) {
            fail(name, e, true);
        }
    }

    // --- payloads and checks --------------------------------------------------------------------------------

    private static ObjectNode item(String component, String variable, String instance) {
        ObjectNode item = NODES.objectNode();
        item.putObject("component").put("name", component);
        ObjectNode v = item.putObject("variable").put("name", variable);
        if (instance != null) {
            v.put("instance", instance);
        }
        item.put("attributeType", "Actual");
        return item;
    }

    private static ObjectNode getVariables(List<? extends JsonNode> items) {
        ObjectNode payload = NODES.objectNode();
        ArrayNode data = payload.putArray("getVariableData");
        items.forEach(data::add);
        return payload;
    }

    private static ObjectNode setHeartbeat(String value) {
        ObjectNode payload = NODES.objectNode();
        ObjectNode item = payload.putArray("setVariableData").addObject();
        item.put("attributeType", "Actual").put("attributeValue", value);
        item.putObject("component").put("name", "OCPPCommCtrlr");
        item.putObject("variable").put("name", "HeartbeatInterval");
        return payload;
    }

    private static boolean accepted(JsonNode result) {
        return "Accepted".equals(result.path("attributeStatus").asText());
    }

    private static String describe(JsonNode result) {
        if (result.isMissingNode()) {
            return "no result";
        }
        String what = result.path("component").path("name").asText() + "." + result.path("variable").path("name")
                .asText() + (result.path("variable").has("instance")
                        ? "[" + result.path("variable").path("instance").asText() + "]" : "");
        String info = result.path("statusInfo").isMissingNode() ? "" : " " + result.path("statusInfo");
        return what + ": " + result.path("attributeStatus").asText() + info;
    }

    private static void checkGet(JsonNode response, int items) {
        JsonNode results = response.path("getVariableResult");
        if (results.size() != items) {
            throw new BenchFailure("GetVariables: " + results.size() + " results for " + items + " items: " + response);
        }
        for (JsonNode result : results) {
            if (!accepted(result)) {
                throw new BenchFailure("GetVariables not accepted: " + describe(result)
                        + " (is the variable in the station's device model yet?)");
            }
        }
    }

    private static void checkSet(JsonNode response) {
        JsonNode result = response.path("setVariableResult").path(0);
        if (!accepted(result)) {
            throw new BenchFailure("SetVariables not accepted: " + describe(result));
        }
    }

    /**
     * Up to {@code wanted} readable variables of the FullInventory, spread over the components (round robin), each
     * checked with one GetVariables; an item the station does not accept is replaced by the next candidate.
     */
    private List<JsonNode> chooseItems(List<JsonNode> inventory, int wanted, int maxBytes) {
        Map<String, List<JsonNode>> byComponent = new LinkedHashMap<>();
        for (JsonNode entry : inventory) {
            boolean readableActual = false;
            for (JsonNode attribute : entry.path("variableAttribute")) {
                String type = attribute.path("type").asText("Actual");
                if ("Actual".equals(type) && !"WriteOnly".equals(attribute.path("mutability").asText())) {
                    readableActual = true;
                }
            }
            if (!readableActual) {
                continue;
            }
            ObjectNode item = NODES.objectNode();
            item.set("component", entry.path("component"));
            item.set("variable", entry.path("variable"));
            item.put("attributeType", "Actual");
            byComponent.computeIfAbsent(entry.path("component").toString(), k -> new ArrayList<>()).add(item);
        }
        List<JsonNode> candidates = new ArrayList<>();
        for (int round = 0; candidates.size() < inventory.size(); round++) {
            boolean any = false;
            for (List<JsonNode> items : byComponent.values()) {
                if (round < items.size()) {
                    candidates.add(items.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
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
            JsonNode results = call("GetVariables", getVariables(batch)).path("getVariableResult");
            for (int i = 0; i < batch.size(); i++) {
                if (accepted(results.path(i))) {
                    chosen.add(batch.get(i));
                } else {
                    refused.add(describe(results.path(i)));
                }
            }
        }
        if (!refused.isEmpty()) {
            notes.add("Reported but not readable with GetVariables, left out: " + String.join("; ", refused));
        }
        while (getVariables(chosen).toString().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            chosen.remove(chosen.size() - 1);
        }
        if (chosen.isEmpty()) {
            throw new BenchFailure("none of the reported variables is readable with GetVariables: " + refused);
        }
        notes.add("The " + chosen.size() + " items: " + String.join(", ", chosen.stream().map(OcppBench::name)
                .toList()));
        return chosen;
    }

    private static String name(JsonNode item) {
        JsonNode c = item.path("component");
        JsonNode v = item.path("variable");
        StringBuilder s = new StringBuilder(c.path("name").asText());
        if (c.has("instance")) {
            s.append('[').append(c.path("instance").asText()).append(']');
        }
        if (c.has("evse")) {
            s.append("@EVSE").append(c.path("evse").path("id").asInt());
            if (c.path("evse").has("connectorId")) {
                s.append('/').append(c.path("evse").path("connectorId").asInt());
            }
        }
        s.append('.').append(v.path("name").asText());
        if (v.has("instance")) {
            s.append('[').append(v.path("instance").asText()).append(']');
        }
        return s.toString();
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
        rows.add(new Row(name, null, "", "not run: the station " + (station.isAlive() ? "is not connected" : "exited"),
                false));
        return false;
    }

    private void fail(String name, BenchFailure e, boolean report) {
        System.out.println("  FAILED: " + e.getMessage());
        rows.add(new Row(name, null, report ? REFERENCE_REPORT : REFERENCE_RESPONSE, e.getMessage(), report));
    }

    private void stopStation() {
        if (station != null) {
            station.close();
        }
    }

    // --- output ---------------------------------------------------------------------------------------------

    private void printHeader() {
        Runtime rt = Runtime.getRuntime();
        String version = readQuietly(home.resolve("VERSION")).trim();
        System.out.println();
        System.out.println("Galvani OCPP response times, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("station:    %s (version %s), pid %d, variant %s%n", home, version.isEmpty() ? "?" : version,
                station.pid(), System.getenv().getOrDefault("STATION_VARIANT", "reference-dc480 (default)"));
        System.out.println("station JVM options: " + String.join(" ", station.jvmOptions()));
        System.out.printf("java:       %s %s (%s); cores: %d; CPU: %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.arch"), rt.availableProcessors(),
                cpuModel());
        System.out.println("bench JVM (CSMS) options: "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.printf("CSMS:       io.galvani.csms.demo in the bench JVM at %s, loopback, one request at a time%n",
                csms.url());
        System.out.println();
    }

    private void printResults() {
        List<GcLog.Pause> stationPauses = stationGc.pauses();
        List<GcLog.Pause> benchPauses = benchGc.pauses();
        List<GcLog.Pause> logRollovers = rollovers.events();
        List<GcLog.Pause> stationSafepoints = stationGc.otherSafepoints(0.5);
        List<GcLog.Pause> benchHiccups = hiccups.hiccups();
        System.out.println();
        notes.forEach(n -> System.out.println(n));
        System.out.printf("Warm-up: %d requests per message, %d reports; measured: %d requests per message, %d reports%n",
                warmup, reportWarmup, requests, reports);
        System.out.println();
        String header = String.format("| %-58s | %6s | %8s | %8s | %8s | %8s | %8s | %-21s | %-28s |", "Measurement (ms)", "n",
                "min", "avg", "p50", "p99", "max", "reference min/avg/max", "goal");
        System.out.println(header);
        System.out.println(header.replaceAll("[^|]", "-"));
        for (Row row : rows) {
            if (row.failure() != null) {
                System.out.printf("| %-58s | %s%n", row.name(), "FAILED: " + row.failure().replace('\n', ' '));
                continue;
            }
            Samples s = row.samples();
            String goal;
            if (row.report()) {
                goal = String.format("avg <= %.0f: %s", GOAL_REPORT_MS, s.avg() <= GOAL_REPORT_MS ? "met" : "NOT met");
            } else if (row.reference().equals("-")) {
                goal = "-";
            } else {
                goal = String.format("avg <= %.0f, max <= %.0f: %s", GOAL_AVG_MS, GOAL_MAX_MS,
                        s.avg() <= GOAL_AVG_MS && s.max() <= GOAL_MAX_MS ? "met" : "NOT met");
            }
            System.out.printf(Locale.ROOT, "| %-58s | %6d | %8.3f | %8.3f | %8.3f | %8.3f | %8.3f | %-21s | %-28s |%n",
                    row.name(), s.count(), s.min(), s.avg(), s.percentile(50), s.percentile(99), s.max(),
                    row.reference(), goal);
        }
        System.out.println();
        System.out.println("Per measurement: station CPU (user+system) per sample; CPU used by other processes"
                + " (% of all cores) and load average;");
        System.out.println("GC pauses (station | bench JVM with the CSMS):");
        for (Row row : rows) {
            if (row.samples() == null) {
                continue;
            }
            Samples s = row.samples();
            System.out.printf(Locale.ROOT, "  %-58s CPU %s ms; others %s, load %s; GC station %s | bench %s%n",
                    row.name(),
                    s.cpuMillis < 0 ? "-" : String.format(Locale.ROOT, "%.3f", s.cpuMillis / (double) s.count()),
                    s.othersPercent < 0 ? "?" : String.format(Locale.ROOT, "%.0f %%", s.othersPercent),
                    s.loadAverage, gcSummary(stationPauses, s), gcSummary(benchPauses, s));
        }
        if (rows.stream().anyMatch(r -> r.samples() != null && r.samples().othersPercent > 10)) {
            System.out.println("  WARNING: other processes used the CPU during the measurement: outliers are not"
                    + " the station's alone. Repeat on an idle machine.");
        }
        if (stationGc.error() != null || benchGc.error() != null) {
            System.out.println("  (GC log unavailable: station " + stationGc.error() + ", bench " + benchGc.error() + ")");
        }
        System.out.println();
        System.out.println("Slowest samples (ms, seconds into the measurement; overlapping GC pauses, other safepoints"
                + " >= 0.5 ms, station log rollovers, and hiccups >= " + (int) HICCUP_MS + " ms of an idle bench thread"
                + " = nothing ran):");
        for (Row row : rows) {
            Samples s = row.samples();
            if (s == null) {
                continue;
            }
            List<String> slow = new ArrayList<>();
            for (int i : s.slowest(5)) {
                List<String> why = new ArrayList<>();
                overlapping(stationPauses, s.start(i), s.end(i)).map(p -> "station " + p).forEach(why::add);
                overlapping(benchPauses, s.start(i), s.end(i)).map(p -> "bench " + p).forEach(why::add);
                overlapping(stationSafepoints, s.start(i), s.end(i)).map(p -> "station " + p).forEach(why::add);
                benchHiccups.stream().filter(p -> p.overlaps(s.start(i), s.end(i))).map(GcLog.Pause::what)
                        .forEach(why::add);
                logRollovers.stream().filter(p -> p.overlaps(s.start(i) - ROLLOVER_SLACK, s.end(i) + ROLLOVER_SLACK))
                        .map(GcLog.Pause::what).distinct().forEach(why::add);
                slow.add(String.format(Locale.ROOT, "%.2f @%.1fs%s", s.millis(i), (s.start(i) - s.firstStart()) / 1e9,
                        why.isEmpty() ? "" : " (" + String.join(", ", why) + ")"));
            }
            double threshold = Math.max(2 * s.percentile(99), 1.0);
            int over = 0;
            int overWithGc = 0;
            int overWithRollover = 0;
            int overWithHiccup = 0;
            for (int i = 0; i < s.count(); i++) {
                if (s.millis(i) > threshold) {
                    over++;
                    if (overlapping(stationPauses, s.start(i), s.end(i)).findAny().isPresent()
                            || overlapping(benchPauses, s.start(i), s.end(i)).findAny().isPresent()) {
                        overWithGc++;
                    }
                    long from = s.start(i);
                    long to = s.end(i);
                    if (logRollovers.stream().anyMatch(p -> p.overlaps(from - ROLLOVER_SLACK, to + ROLLOVER_SLACK))) {
                        overWithRollover++;
                    }
                    if (benchHiccups.stream().anyMatch(p -> p.overlaps(from, to))) {
                        overWithHiccup++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  %s: %s; %d samples > %.2f ms (2 x p99), %d of them during a GC pause,"
                    + " %d during a log rollover, %d during a bench hiccup%n", row.name(), String.join("; ", slow), over,
                    threshold, overWithGc, overWithRollover, overWithHiccup);
        }
        List<String> rolled = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (GcLog.Pause r : logRollovers.stream().sorted(Comparator.comparingLong(GcLog.Pause::startNanos)).toList()) {
            if (r.startNanos() - last > 2_000_000_000L) { // one rollover may be seen several times while it compresses
                String where = rows.stream().filter(row -> row.samples() != null
                        && r.overlaps(row.samples().firstStart(), row.samples().lastEnd())).map(Row::name).findFirst()
                        .orElse("outside the measured samples");
                rolled.add(r.what().replace("log rollover ", "") + " during " + where);
            }
            last = r.startNanos();
        }
        List<GcLog.Pause> duringRun = benchHiccups.stream().filter(h -> rows.stream().anyMatch(row -> row.samples() != null
                && h.overlaps(row.samples().firstStart(), row.samples().lastEnd()))).toList();
        System.out.printf(Locale.ROOT, "Bench hiccups >= %.0f ms during the measurements: %d, longest %.1f ms%n", HICCUP_MS,
                duringRun.size(), duringRun.stream().mapToDouble(GcLog.Pause::millis).max().orElse(0));
        System.out.println("Station log rollovers (gzip on the logging thread): "
                + (rolled.isEmpty() ? "none" : String.join("; ", rolled)));
        long rss = station.rssKb();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "Station RSS at the end: %s; bench JVM heap used: %.0f MB of %.0f MB%n",
                rss < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", rss / 1024.0),
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
    }

    private static Stream<String> overlapping(List<GcLog.Pause> pauses, long from, long to) {
        return pauses.stream().filter(p -> p.overlaps(from, to))
                .map(p -> String.format(Locale.ROOT, "%s %.2f ms", p.what(), p.millis()));
    }

    private static String gcSummary(List<GcLog.Pause> pauses, Samples s) {
        List<GcLog.Pause> during = pauses.stream().filter(p -> p.overlaps(s.firstStart(), s.lastEnd())).toList();
        if (during.isEmpty()) {
            return "0 pauses";
        }
        double total = during.stream().mapToDouble(GcLog.Pause::millis).sum();
        double max = during.stream().mapToDouble(GcLog.Pause::millis).max().orElse(0);
        return String.format(Locale.ROOT, "%d pauses, %.1f ms total, max %.2f ms", during.size(), total, max);
    }

    private static String range(int min, int max) {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String cpuModel() {
        for (String line : readQuietly(Path.of("/proc/cpuinfo")).split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted");
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e);
        }
    }
}
