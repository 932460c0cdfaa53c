package io.galvani.ocpp.api;

import java.time.Duration;

/**
 * Counters of the OCPP-J link since the transport started.
 *
 * @param lastRoundTrip    time from the last answered CALL the station sent to its CALLRESULT or CALLERROR; null
 *                         if none was answered yet
 * @param averageRoundTrip exponentially weighted average of the round trips (weight 1/8 for the newest, as TCP's
 *                         SRTT); null if none was answered yet
 * @param callsSent        CALLs the station sent
 * @param callsReceived    CALLs the CSMS sent
 * @param reconnects       connections opened after the first one
 * @param timeouts         CALLs that got no answer within MessageTimeout
 */
public record LinkStatistics(Duration lastRoundTrip, Duration averageRoundTrip, long callsSent, long callsReceived,
        long reconnects, long timeouts) {

    /** Before anything was sent or received. */
    public static final LinkStatistics NONE = new LinkStatistics(null, null, 0, 0, 0, 0);
}
