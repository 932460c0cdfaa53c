package io.galvani.outbox.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit.StateChange;

/**
 * Writes {@code outbox-v1.db}, the fixture of the V1 → V2 migration test, with the schema-1 code path
 * ({@code SqliteStore.open(file, 1)}): three messages of one transaction and its state. Regenerate
 * (only if the V1 content must change; a released schema never does) from the module folder:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.galvani.outbox.internal.OutboxV1Fixture \
 *     src/test/resources/io/galvani/outbox/internal/outbox-v1.db
 * </pre>
 *
 * {@code MigrationTest.fixtureIsWhatTheGeneratorWrites} checks that the committed file and this
 * generator agree.
 */
public final class OutboxV1Fixture {
    static final String NAMESPACE = "transactions";
    static final Instant COMMITTED = Instant.parse("2025-01-01T10:00:00Z");

    private OutboxV1Fixture() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "outbox-v1.db");
        Files.deleteIfExists(target);
        write(target);
        System.out.println("wrote " + target.toAbsolutePath());
    }

    static void write(Path file) {
        try (SqliteStore store = SqliteStore.open(file, 1)) {
            store.commit(List.of(MessageCodec.encode(Messages.started(1), MessageKind.TRANSACTION, COMMITTED)),
                    List.of(new StateChange(NAMESPACE, "evse1.transactionId", Messages.TX),
                            new StateChange(NAMESPACE, "evse1.seqNo", "2")), 1000, ids -> { });
            store.commit(List.of(MessageCodec.encode(Messages.updated(2), MessageKind.DROPPABLE, COMMITTED.plusSeconds(60))),
                    List.of(new StateChange(NAMESPACE, "evse1.seqNo", "3")), 1000, ids -> { });
            store.commit(List.of(MessageCodec.encode(Messages.ended(3), MessageKind.TRANSACTION, COMMITTED.plusSeconds(120))),
                    List.of(new StateChange(NAMESPACE, "evse1.seqNo", "4"),
                            new StateChange(NAMESPACE, "evse1.transactionId", null),
                            new StateChange(NAMESPACE, "lastEnded", Messages.TX)), 1000, ids -> { });
        }
    }
}
