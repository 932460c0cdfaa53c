package io.galvani.outbox.internal;

import java.time.Instant;

import io.galvani.outbox.api.MessageKind;

/**
 * One queued message as stored.
 *
 * @param id          position in commit order (never reused)
 * @param action      the OCPP action, e.g. {@code TransactionEvent}
 * @param payload     the request as OCPP JSON text, sent unchanged on every attempt
 * @param attempts    failed attempts so far (CALLERROR or timeout; a lost connection does not count)
 */
record StoredMessage(long id, String action, String payload, MessageKind kind, Instant committedAt, int attempts) {

    /** For logs: never the payload, which may hold an idToken. */
    String describe() {
        return action + " #" + id + " (" + kind + ", committed " + committedAt + ")";
    }
}
