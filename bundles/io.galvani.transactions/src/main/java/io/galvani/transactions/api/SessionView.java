package io.galvani.transactions.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One EVSE's session as of now. Values that do not apply yet are null.
 *
 * @param evseId          the EVSE (1-based)
 * @param phase           where the session stands
 * @param transactionId   the OCPP transactionId once the transaction exists (it may exist before
 *                        TxStartPoint is reached only as a session: then null)
 * @param chargingState   OCPP ChargingStateEnumType value (EVConnected, Charging, SuspendedEV,
 *                        SuspendedEVSE, Idle) while a transaction runs
 * @param idTokenHint     the card that authorized the session, masked for display (e.g. "****F7E6");
 *                        never the full token
 * @param startedAt       when the transaction started
 * @param elapsed         time since {@code startedAt} (or the session's length once finished)
 * @param energyWh        energy delivered in this session
 * @param powerW          power now
 * @param stateOfChargePct the vehicle's state of charge, if it reports one
 * @param message         a plain-words note for the driver: why a card was refused, why the
 *                        session stopped (stoppedReason), what the station waits for
 * @param stoppedReason   OCPP ReasonEnumType value once stopped
 */
public record SessionView(int evseId, SessionPhase phase, String transactionId, String chargingState,
        String idTokenHint, Instant startedAt, Duration elapsed, Double energyWh, Double powerW,
        Double stateOfChargePct, String message, String stoppedReason) {

    /** An EVSE with nothing going on. */
    public static SessionView idle(int evseId) {
        return new SessionView(evseId, SessionPhase.IDLE, null, null, null, null, null, null, null, null, null,
                null);
    }
}
