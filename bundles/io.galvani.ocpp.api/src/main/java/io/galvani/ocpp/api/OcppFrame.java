package io.galvani.ocpp.api;

import java.time.Instant;

/**
 * One OCPP-J frame as it crossed the connection, for consoles and telemetry.
 *
 * @param at        when the transport sent or received it
 * @param direction {@link Direction#SENT} to the CSMS or {@link Direction#RECEIVED} from it
 * @param text      the frame's JSON text with secrets replaced by {@code "***"} (passwords, private keys, the
 *                  Authorization-Key equivalents in SetVariables/SetNetworkProfile); safe to show and to log
 */
public record OcppFrame(Instant at, Direction direction, String text) {

    public enum Direction {
        SENT, RECEIVED
    }
}
