package com.example.galvani.rfid.tcp;

/** Doubling reconnect delay between a minimum and a maximum; back to the minimum after a good connection. */
final class ReconnectBackOff {
    private final long minMillis;
    private final long maxMillis;
    private long nextMillis;

    ReconnectBackOff(long minMillis, long maxMillis) {
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = minMillis;
    }

    /** The delay before the next attempt; the one after it is twice as long, up to the maximum. */
    long next() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    void reset() {
        nextMillis = minMillis;
    }
}
