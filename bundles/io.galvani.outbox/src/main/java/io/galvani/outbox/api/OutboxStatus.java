package io.galvani.outbox.api;

import java.time.Instant;

/**
 * A snapshot of the outbox.
 *
 * @param queued       messages stored and not yet answered (including the one in flight)
 * @param capacity     how many messages the store holds at most
 * @param oldest       when the oldest queued message was committed; null if none
 * @param delivered    messages answered by the CSMS since start
 * @param discarded    messages given up (attempts exhausted) or thinned since start
 * @param inFlight     whether a message is sent and its answer awaited
 */
public record OutboxStatus(int queued, int capacity, Instant oldest, long delivered, long discarded,
        boolean inFlight) {
}
