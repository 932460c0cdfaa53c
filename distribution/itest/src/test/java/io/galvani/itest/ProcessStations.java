package io.galvani.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.bench.StationProcess;
import io.galvani.csms.demo.DemoCsms;

/** What the tests that run the station as its own process ({@code bin/galvani}) share. */
final class ProcessStations {

    private ProcessStations() {
    }

    /** {@code target/station-data/<name>}, emptied: kept after the test to read the station's logs. */
    static Path freshDataDir(String name) throws IOException {
        Path dir = Path.of("target/station-data", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }

    /**
     * The last {@code lines} lines of the station's console output and of its operational log, for a failure message:
     * CI keeps only the build's console output.
     */
    static String tails(Path dataDir, int lines) {
        StringBuilder out = new StringBuilder();
        for (Path file : List.of(dataDir.resolve("station-console.log"), dataDir.resolve("logs/galvani.log"))) {
            out.append("---- last ").append(lines).append(" lines of ").append(file).append('\n');
            try {
                List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException | RuntimeException e) {
                out.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    /** The entries of {@code dir}; none if it does not exist. */
    static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    /** A station of the built distribution connecting to {@code csms}, with the fast test timings. */
    static StationProcess.Builder station(DemoCsms csms, String stationId, Path dataDir) {
        StationProcess.Builder builder = StationProcess.builder(StationUnderTest.DISTRIBUTION.toAbsolutePath(),
                csms.url(), stationId, dataDir);
        StationUnderTest.FAST_TIMINGS.forEach(builder::systemProperty);
        return builder;
    }

    /**
     * GetTransactionStatus without a transactionId: whether no transaction message waits any more (E14.FR.06); false
     * while the station is not connected or its transaction bundle is not active yet.
     */
    static boolean transactionQueueEmpty(DemoCsms csms, String stationId) {
        try {
            JsonNode answer = csms.call(stationId, "GetTransactionStatus", "{}").get(10, TimeUnit.SECONDS);
            return !answer.at("/messagesInQueue").asBoolean(true);
        } catch (Exception e) {
            return false;
        }
    }
}
