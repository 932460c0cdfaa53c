package io.galvani.ocpp.rpc.internal;

import java.time.Duration;

import io.galvani.ocpp.api.LinkStatistics;

/**
 * The counters behind {@link io.galvani.ocpp.api.OcppLink#statistics()}: written on the transport thread, read from
 * any thread. The average round trip is an exponentially weighted moving average with weight 1/8 for the newest
 * sample (TCP's SRTT, RFC 6298), started at the first sample.
 */
final class LinkCounters {
    private long lastNanos = -1;
    private long averageNanos = -1;
    private long callsSent;
    private long callsReceived;
    private long connections;
    private long timeouts;

    synchronized void callSent() {
        callsSent++;
    }

    synchronized void callReceived() {
        callsReceived++;
    }

    synchronized void timedOut() {
        timeouts++;
    }

    /** A connection opened; every one after the first is a reconnect. */
    synchronized void connected() {
        connections++;
    }

    /** A CALL the station sent was answered (CALLRESULT or CALLERROR) {@code nanos} after it was written. */
    synchronized void answered(long nanos) {
        long sample = Math.max(0, nanos);
        lastNanos = sample;
        averageNanos = averageNanos < 0 ? sample : averageNanos + (sample - averageNanos) / 8;
    }

    synchronized LinkStatistics snapshot() {
        return new LinkStatistics(lastNanos < 0 ? null : Duration.ofNanos(lastNanos),
                averageNanos < 0 ? null : Duration.ofNanos(averageNanos), callsSent, callsReceived,
                Math.max(0, connections - 1), timeouts);
    }
}
