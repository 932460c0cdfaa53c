package io.galvani.ocpp.api;

import java.time.Instant;

/**
 * A snapshot of the OCPP-J connection.
 *
 * @param connected       whether the WebSocket is open with subprotocol ocpp2.0.1
 * @param endpoint        the URL the station connects to (station identity included, no credentials)
 * @param securityProfile the OCPP security profile in use (1, 2 or 3)
 * @param since           when the connection last opened or closed
 * @param queuedCalls     requests waiting to be sent (not counting the outstanding one)
 * @param lastError       why the last connection attempt or connection failed, or null
 */
public record LinkStatus(boolean connected, String endpoint, int securityProfile, Instant since, int queuedCalls,
        String lastError) {
}
