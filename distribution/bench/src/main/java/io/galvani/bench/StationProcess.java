package io.galvani.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The station under test: {@code bin/galvani} as a separate process, as it runs in the field. Used by the
 * benchmarks and by the station tests that must kill the JVM (power cuts) or read its heap.
 */
public final class StationProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int apiPort;

    private StationProcess(Process process, Path log, int apiPort) {
        this.process = process;
        this.log = log;
        this.apiPort = apiPort;
    }

    /**
     * Starts {@code home/bin/galvani} connecting to {@code csmsUrl}. The environment of the bench is passed on
     * (GALVANI_JAVA_OPTS, STATION_VARIANT, JAVA_HOME…); the connection settings are set here.
     */
    static StationProcess start(Path home, URI csmsUrl, String stationId, Path dataDir) throws IOException {
        return builder(home, csmsUrl, stationId, dataDir).start();
    }

    /** A station of the distribution in {@code home} with its own data dir, connecting to {@code csmsUrl}. */
    public static Builder builder(Path home, URI csmsUrl, String stationId, Path dataDir) {
        return new Builder(home, csmsUrl, stationId, dataDir);
    }

    /** What the station process gets beyond the environment of this JVM. */
    public static final class Builder {
        private final Path home;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Path dataDir;

        private Builder(Path home, URI csmsUrl, String stationId, Path dataDir) {
            this.home = home;
            this.dataDir = dataDir;
            env.put("STATION_CSMS_URL", csmsUrl.toString());
            env.put("STATION_ID", stationId);
            env.put("STATION_DATA_DIR", dataDir.toString());
        }

        /** An environment variable of the station, e.g. {@code STATION_VARIANT}. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /**
         * A {@code -D} option of the station's JVM, added through {@code GALVANI_EXTRA_JAVA_OPTS} so that the
         * default JVM options of {@code bin/galvani} stay (e.g. the simulators' timings, read by the configuration).
         */
        public Builder systemProperty(String name, String value) {
            if (name.contains(" ") || value.contains(" ")) {
                throw new IllegalArgumentException("no spaces in -D" + name + "=" + value);
            }
            systemProperties.put(name, value);
            return this;
        }

        public StationProcess start() throws IOException {
            Path script = home.resolve("bin/galvani");
            if (!Files.isExecutable(script)) {
                throw new BenchFailure("No station at " + script + ": build the distribution first "
                        + "(mvn -B -o -q install -DskipTests) or pass --home <distribution folder>");
            }
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("station-console.log");
            ProcessBuilder builder = new ProcessBuilder(script.toString());
            Map<String, String> processEnv = builder.environment();
            processEnv.remove("STATION_BASIC_AUTH_PASSWORD"); // the test CSMS does not check it
            processEnv.remove("STATION_SECURITY_PROFILE");
            // A fresh data dir would record a class-data archive at exit: start-up only, not what is measured here.
            processEnv.putIfAbsent("GALVANI_CDS", "off");
            int apiPort = freePort();
            processEnv.put("STATION_API_PORT", Integer.toString(apiPort));
            processEnv.putAll(env);
            if (!systemProperties.isEmpty()) {
                StringBuilder extra = new StringBuilder(processEnv.getOrDefault("GALVANI_EXTRA_JAVA_OPTS", ""));
                systemProperties.forEach((k, v) -> extra.append(" -D").append(k).append('=').append(v));
                processEnv.put("GALVANI_EXTRA_JAVA_OPTS", extra.toString().trim());
            }
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new StationProcess(builder.start(), log, apiPort);
        }
    }

    /** The port of the station's local HTTP API on 127.0.0.1. */
    public int apiPort() {
        return apiPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The station's JVM command line (bin/galvani execs java, so the process is the JVM itself). */
    List<String> commandLine() {
        Path cmdline = Path.of("/proc", Long.toString(pid()), "cmdline");
        try {
            String text = Files.readString(cmdline, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>();
            for (String arg : text.split("\0")) {
                if (!arg.isEmpty()) {
                    args.add(arg);
                }
            }
            return args;
        } catch (IOException e) {
            return process.info().command().map(List::of).orElse(List.of());
        }
    }

    /** JVM options of the station: the arguments before the class path, without the -D settings of bin/galvani. */
    List<String> jvmOptions() {
        List<String> all = commandLine();
        List<String> options = new ArrayList<>();
        for (String arg : all.subList(Math.min(1, all.size()), all.size())) {
            if (arg.equals("-cp") || arg.equals("-classpath")) {
                break;
            }
            if (!arg.startsWith("-D")) {
                options.add(arg);
            }
        }
        return options;
    }

    /** User + system CPU time of the station so far, in ms ({@code /proc/<pid>/stat}); -1 when unknown. */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * 1000 / clockTicksPerSecond();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in kB; -1 when unknown. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    /**
     * The station's live heap in kB: a full GC ({@code jcmd <pid> GC.run}), then the used space of its heap
     * generations ({@code GC.heap_info}). Needs the JDK's jcmd next to this JVM's java.
     */
    public long liveHeapKb() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        java.util.regex.Matcher used = HEAP_USED.matcher(info);
        long kb = 0;
        boolean found = false;
        while (used.find()) {
            kb += Long.parseLong(used.group(1));
            found = true;
        }
        if (!found) {
            throw new IOException("no heap figures in jcmd GC.heap_info: " + info);
        }
        return kb;
    }

    private static final java.util.regex.Pattern HEAP_USED =
            java.util.regex.Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid() + " " + command + " failed: " + out);
        }
        return out;
    }

    /** The last lines of the station's console output, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no console output: " + e + ")";
        }
    }

    public Path consoleLog() {
        return log;
    }

    /** Cuts the power: SIGKILL, no shutdown hook, no flush; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("station process " + pid() + " survived SIGKILL for 30 s");
        }
    }

    /** Stops the station like a service manager would (SIGTERM), forcibly after 30 s; idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static long clockTicks;

    private static synchronized long clockTicksPerSecond() {
        if (clockTicks == 0) {
            clockTicks = 100; // USER_HZ on every Linux we run on
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (getconf.waitFor() == 0 && out.matches("[0-9]+")) {
                    clockTicks = Long.parseLong(out);
                }
            } catch (IOException e) {
                // keep 100
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return clockTicks;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
