package io.galvani.provisioning.internal;

import java.time.Instant;

import io.galvani.station.api.StationClock;

/** A station clock that stands still until the CSMS time is adopted. */
final class FakeClock implements StationClock {
    private volatile Instant now = Instant.parse("2020-01-01T00:00:00Z");
    private volatile Instant adjustedTo;

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void adjustTo(Instant csmsTime) {
        adjustedTo = csmsTime;
        now = csmsTime;
    }

    /** The last time adopted from the CSMS, or null. */
    Instant adjustedTo() {
        return adjustedTo;
    }

    void set(Instant t) {
        now = t;
    }
}
