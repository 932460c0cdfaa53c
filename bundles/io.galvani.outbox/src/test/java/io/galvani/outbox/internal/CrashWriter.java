package io.galvani.outbox.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit.StateChange;

/**
 * The child process of {@link CrashTest}: commits numbered messages with their number as state, and
 * every fourth time removes the oldest message as delivery would, printing each acknowledged step
 * ({@code C n} after commit n returned, {@code D n} after message n was removed) until it is killed.
 * It continues after the number the state holds, so that successive runs extend one sequence.
 */
public final class CrashWriter {
    static final String NAMESPACE = "crash";

    private CrashWriter() {
    }

    public static void main(String[] args) {
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            int last = Integer.parseInt(store.state(NAMESPACE).getOrDefault("last", "0"));
            System.out.println("ready " + last);
            System.out.flush();
            for (int n = last + 1;; n++) {
                NewMessage m = MessageCodec.encode(Messages.updated(n), MessageKind.DROPPABLE, Instant.now());
                store.commit(List.of(m), List.of(new StateChange(NAMESPACE, "last", Integer.toString(n))),
                        Integer.MAX_VALUE, ids -> { });
                System.out.println("C " + n);
                System.out.flush();
                if (n % 4 == 0) {
                    StoredMessage head = store.claimHead().orElseThrow();
                    store.delete(head.id());
                    System.out.println("D " + ((TransactionEventRequest) MessageCodec.decode(head)).seqNo());
                    System.out.flush();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
