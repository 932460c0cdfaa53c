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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The station under test: {@code bin/galvani} as a separate process, as it runs in the field. */
final class StationProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private StationProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code home/bin/galvani} connecting to {@code csmsUrl}. The environment of the bench is passed on
     * (GALVANI_JAVA_OPTS, STATION_VARIANT, JAVA_HOME…); the connection settings are set here.
     */
    static StationProcess start(Path home, URI csmsUrl, String stationId, Path dataDir) throws IOException {
        Path script = home.resolve("bin/galvani");
        if (!Files.isExecutable(script)) {
            throw new BenchFailure("No station at " + script + ": build the distribution first "
                    + "(mvn -B -o -q install -DskipTests) or pass --home <distribution folder>");
        }
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("station-console.log");
        ProcessBuilder builder = new ProcessBuilder(script.toString());
        Map<String, String> env = builder.environment();
        env.put("STATION_CSMS_URL", csmsUrl.toString());
        env.put("STATION_ID", stationId);
        env.put("STATION_DATA_DIR", dataDir.toString());
        env.put("STATION_API_PORT", Integer.toString(freePort()));
        env.remove("STATION_BASIC_AUTH_PASSWORD"); // the bench CSMS does not check it
        env.remove("STATION_SECURITY_PROFILE");
        // A fresh data dir would record a class-data archive at exit: start-up only, not what is measured here.
        env.putIfAbsent("GALVANI_CDS", "off");
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return new StationProcess(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
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
    long rssKb() {
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

    /** The last lines of the station's console output, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no console output: " + e + ")";
        }
    }

    Path consoleLog() {
        return log;
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
