package io.galvani.transactions.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MeterValueType;

/**
 * What must survive a power cut about one running transaction: stored in the outbox's state in the
 * same commit as each TransactionEvent, so after a kill -9 the recovered record and the stored events
 * always agree (the next seqNo is never reused and never skipped).
 *
 * <p>Mutable, owned by the transaction thread; persisted as JSON.
 */
final class TransactionRecord {
    public String transactionId;
    public int evseId;
    public Integer connectorId;
    /** The seqNo the next TransactionEvent of this transaction gets. */
    public int nextSeqNo;
    public Instant startedAt;
    /** The chargingState last reported. */
    public String chargingState;
    /** The token that authorized the transaction, once authorized. */
    public IdTokenType idToken;
    public IdTokenType groupIdToken;
    /** Whether the transaction is currently authorized (false after stop, deauthorization or before authorization). */
    public boolean authorized;
    /** The stoppedReason decided before the Ended event (e.g. Local when stopped by card before the cable is out). */
    public String pendingStoppedReason;
    /** Meter values collected for the Ended event: start value, periodic and clock-aligned samples. */
    public List<MeterValueType> endedMeterValues = new ArrayList<>();
    /** Seconds spent in chargingState Charging up to {@link #chargingSince}. */
    public long chargingSeconds;
    /** When chargingState last became Charging, if it is Charging now. */
    public Instant chargingSince;
    /** The last energy register reading (Wh), for the session summary and for a PowerLoss end without a meter. */
    public Double lastEnergyWh;
    public Double startEnergyWh;
    /** Whether evse.id and connectorId were reported since the EV connected (E01.FR.16). */
    public boolean evseReported;

    /** Seconds charged up to {@code now}. */
    long timeSpentCharging(Instant now) {
        long running = chargingSince == null ? 0 : Math.max(0, java.time.Duration.between(chargingSince, now).toSeconds());
        return chargingSeconds + running;
    }
}
