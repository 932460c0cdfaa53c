package io.galvani.ocpp.api;

import java.time.Instant;

/**
 * A snapshot of the OCPP-J connection.
 *
 * @param connected            whether the WebSocket is open with subprotocol ocpp2.0.1
 * @param endpoint             the URL the station connects to (station identity included, no credentials)
 * @param securityProfile      the OCPP security profile in use (1, 2 or 3): that of the network connection
 *                             profile of the current connection, or of the last successful one
 * @param since                when the connection last opened or closed
 * @param queuedCalls          requests waiting to be sent (not counting the outstanding one)
 * @param lastError            why the last connection attempt or connection failed, or null
 * @param activeNetworkProfile the NetworkConnectionProfile configuration slot of the current connection
 *                             (OCPPCommCtrlr.ActiveNetworkProfile); while not connected the slot being tried;
 *                             0 if unknown. A {@code connected} status whose slot differs from the slot of
 *                             the last accepted BootNotification means the station switched to a
 *                             different network connection profile (B10.FR.10: send BootNotification again).
 */
public record LinkStatus(boolean connected, String endpoint, int securityProfile, Instant since, int queuedCalls,
        String lastError, int activeNetworkProfile) {

    /**
     * A status without network-profile slot ({@code activeNetworkProfile} 0), for links and test
     * doubles that do not know about slots.
     */
    public LinkStatus(boolean connected, String endpoint, int securityProfile, Instant since, int queuedCalls,
            String lastError) {
        this(connected, endpoint, securityProfile, since, queuedCalls, lastError, 0);
    }
}
