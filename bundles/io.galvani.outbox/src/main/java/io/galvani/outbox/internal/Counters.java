package io.galvani.outbox.internal;

import java.util.concurrent.atomic.AtomicLong;

/** What happened to messages since start, for {@link io.galvani.outbox.api.OutboxStatus}. */
final class Counters {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong discarded = new AtomicLong();
}
