package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.messages.TransactionEventRequest;

/**
 * A real crash: a child JVM ({@link CrashWriter}) commits and deletes as fast as it can and is killed
 * with SIGKILL ({@code ProcessHandle.destroyForcibly}) at random instants. After every kill, every commit it
 * acknowledged is there, every delete it acknowledged is done, the file passes SQLite's integrity
 * check, and state and messages agree (the state's last number is the newest message, with no gap
 * before it).
 */
class CrashTest {
    private static final int CYCLES = 10;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesKillDashNine() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path file = dir.resolve("outbox").resolve(SqliteStore.FILE_NAME);
        Set<Integer> committed = ConcurrentHashMap.newKeySet();
        Set<Integer> deleted = ConcurrentHashMap.newKeySet();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            int ackedBefore = committed.size();
            AtomicInteger acks = new AtomicInteger();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:TieredStopAtLevel=1",
                    // A killed JVM leaves its extracted SQLite library behind: keep it in the test's folder.
                    "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread reader = new Thread(() -> read(child, committed, deleted, acks), "crash-test-reader");
            reader.start();
            int minimum = 5 + random.nextInt(30);
            await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() >= minimum || !child.isAlive());
            assertThat(child.isAlive()).as("child still writing (seed %d)", seed).isTrue();
            Thread.sleep(random.nextInt(100)); // the random instant of the kill; nothing asserted races it
            // SIGKILL through the ProcessHandle: Process.destroyForcibly() would also close our end of the
            // pipe, losing the acknowledgements printed just before the kill, the interesting ones.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(30_000);
            assertThat(committed.size()).as("cycle %d acknowledged commits", cycle).isGreaterThan(ackedBefore);
            long t0 = System.nanoTime();
            verify(file, committed, deleted, "cycle " + cycle + ", seed " + seed);
            System.out.printf("crash cycle %d: killed after %d acknowledged commits (%d in all), verified in %d ms%n",
                    cycle, committed.size() - ackedBefore, committed.size(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static void read(Process child, Set<Integer> committed, Set<Integer> deleted, AtomicInteger acks) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                // A line cut by the kill is not an acknowledgement.
                if (parts.length != 2 || !parts[1].matches("\\d+")) {
                    continue;
                }
                int n = Integer.parseInt(parts[1]);
                switch (parts[0]) {
                    case "C" -> {
                        committed.add(n);
                        acks.incrementAndGet();
                    }
                    case "D" -> deleted.add(n);
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void verify(Path file, Set<Integer> committed, Set<Integer> deleted, String context)
            throws Exception {
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            assertThat(SqliteStoreTest.query(s, "PRAGMA integrity_check")).as(context).isEqualTo("ok");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            int last = Integer.parseInt(store.state(CrashWriter.NAMESPACE).get("last"));
            List<Integer> present = new ArrayList<>();
            for (StoredMessage m : store.messages()) {
                present.add(((TransactionEventRequest) MessageCodec.decode(m)).seqNo());
            }
            int maxAcked = committed.stream().mapToInt(Integer::intValue).max().orElse(0);
            assertThat(last).as("%s: the state holds every acknowledged commit", context).isGreaterThanOrEqualTo(maxAcked);
            assertThat(present).as("%s: state and messages agree", context).isNotEmpty().last().isEqualTo(last);
            int first = present.get(0);
            assertThat(present).as("%s: no gap (deletes only take the oldest)", context)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(first, last).boxed().toList());
            // Deletes take the oldest, so everything before the first present message was deleted (its "D"
            // line may have been cut by the kill); every acknowledged commit from there on is present.
            for (int n : committed) {
                assertThat(n < first || present.contains(n)).as("%s: acknowledged commit %d", context, n).isTrue();
            }
            assertThat(deleted).as("%s: acknowledged deletes are done", context).allMatch(n -> n < first);
            assertThat(store.count()).isEqualTo(present.size());
        }
    }
}
