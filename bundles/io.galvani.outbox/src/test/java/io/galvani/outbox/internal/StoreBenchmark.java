package io.galvani.outbox.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit.StateChange;

/**
 * Measures durable commits (one TransactionEvent + one state change each, synchronous=FULL) and
 * deletes of delivered messages (synchronous=NORMAL) on the disk of {@code dir} (not /tmp if that is
 * tmpfs: fsync would be free there). From the module folder:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.galvani.outbox.internal.StoreBenchmark target/bench 1000
 * </pre>
 */
public final class StoreBenchmark {

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path file = dir.resolve(SqliteStore.FILE_NAME);
        Files.createDirectories(dir);
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(SqliteStore.FILE_NAME + suffix));
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            warmUp(store);
            long[] commit = new long[n];
            for (int i = 0; i < n; i++) {
                NewMessage m = MessageCodec.encode(Messages.updated(i + 1), MessageKind.DROPPABLE, Instant.now());
                long t0 = System.nanoTime();
                store.commit(List.of(m), List.of(new StateChange("bench", "seqNo", Integer.toString(i + 1))), 1_000_000,
                        ids -> { });
                commit[i] = System.nanoTime() - t0;
            }
            long t0 = System.nanoTime();
            int deleted = 0;
            while (true) {
                var head = store.claimHead();
                if (head.isEmpty()) {
                    break;
                }
                store.delete(head.get().id());
                deleted++;
            }
            long deleteNanos = System.nanoTime() - t0;
            Arrays.sort(commit);
            System.out.printf("%d durable commits (message + state, synchronous=FULL): avg %.3f ms, p50 %.3f ms, "
                    + "p99 %.3f ms, max %.3f ms%n", n, Arrays.stream(commit).average().orElse(0) / 1e6,
                    commit[n / 2] / 1e6, commit[(int) Math.ceil(n * 0.99) - 1] / 1e6, commit[n - 1] / 1e6);
            System.out.printf("%d deletes (claim head + delete, synchronous=NORMAL): %.0f per second (%.3f ms each)%n",
                    deleted, deleted / (deleteNanos / 1e9), deleteNanos / 1e6 / deleted);
        }
    }

    private static void warmUp(SqliteStore store) {
        for (int i = 0; i < 50; i++) {
            store.commit(List.of(MessageCodec.encode(Messages.updated(1), MessageKind.DROPPABLE, Instant.now())),
                    List.of(), 1_000_000, ids -> { });
            store.delete(store.claimHead().orElseThrow().id());
        }
    }
}
