package io.galvani.transactions.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.authorization.api.AuthorizationSource;
import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.MeterReading;
import io.galvani.metering.api.TransactionSample;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.ChargingStateEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.model.types.TransactionType;
import io.galvani.ocpp.model.types.TriggerReasonEnumType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/**
 * The transaction state machine of one EVSE (OCPP 2.0.1 E01–E10, E13 via the outbox, F01–F03,
 * C01/C09 stop rules). Inputs are the cable, the vehicle, the power cabinet, cards, remote commands and
 * timers; outputs are TransactionEvents (stored durably before they are sent), power-path commands and
 * the {@link SessionView}. Confined to the transaction thread: not thread-safe by design.
 *
 * <p>Rules in one place:
 * <ul>
 * <li>The transaction starts at the first reached TxStartPoint ({@link #startReached}); after it ended
 * with the cable still in, EVConnected/ParkingBayOccupancy do not start another until the cable was
 * out or a new authorization came.</li>
 * <li>It ends when a TxStopPoint is no longer true ({@link #endAuthorization}, {@link #unplugged}), on a
 * cabinet fault (AbnormalCondition), a CSMS deauthorization with StopTxOnInvalidId, EVConnectionTimeOut,
 * an Immediate reset.</li>
 * <li>Each event carries what is new since the last one: evse once after the cable connected
 * (E01.FR.16), the idToken once after authorization (E03.FR.01) and in the event ending it (E07.FR.02),
 * remoteStartId once (F02.FR.01), the chargingState whenever it changed (E01.FR.18).</li>
 * </ul>
 */
final class EvseSession {
    private static final Logger logger = LoggerFactory.getLogger(EvseSession.class);
    /** How long a refused card stays on the display. */
    static final Duration REJECTION_SHOWN = Duration.ofSeconds(6);
    /** Most meter values kept for the Ended event; beyond it intermediate ones are thinned (J02.FR.20). */
    static final int MAX_ENDED_VALUES = 120;
    /** How often an Ended event the outbox refused is offered again. */
    static final Duration END_RETRY = Duration.ofSeconds(30);

    /** An authorization of this EVSE's session; {@code gate} says which reservation it consumed, if any. */
    private record Authorization(IdTokenType idToken, IdTokenType groupIdToken, Integer remoteStartId,
            GateAnswer gate) {
    }

    /** What the display shows once a transaction ended. */
    private record Summary(Double energyWh, Duration elapsed, String stoppedReason, String transactionId) {
    }

    private final int evseId;
    private final SessionEffects fx;

    private boolean plugged;
    private int connectorId = 1;
    private boolean evWantsEnergy = true;
    private boolean available = true;
    private CabinetPhase cabinetPhase = CabinetPhase.IDLE;
    private double powerW;
    private double limitW = Double.NaN;
    private boolean powerRequested;

    private Authorization auth;
    /** Whether {@link #auth}'s idToken (and remoteStartId) still has to be reported in an event. */
    private boolean authUnreported;
    private IdTokenType authorizing;
    private TransactionRecord tx;
    /** A transaction ended with the cable still in: no new one from the cable alone. */
    private boolean sessionDone;
    /** The station holds back energy: deauthorized by the CSMS or MaxEnergyOnInvalidId reached. */
    private boolean stationSuspended;
    /** The CSMS reported the token not valid and StopTxOnInvalidId is false: charging up to MaxEnergyOnInvalidId. */
    private boolean chargingOnInvalidId;
    /** Energy register when the CSMS reported the token invalid (null: no meter to measure it). */
    private Double invalidSinceWh;
    /** The cable is released once the power path is open (E07.FR.07). */
    private boolean releaseWhenIdle;
    /** An Ended event the outbox could not store: stored before the next transaction starts. */
    private TransactionEventRequest unsentEnd;

    private String message;
    private Instant rejectedUntil;
    /** Until when a passing note (timeout, not the owner's card) stays in {@link #message}. */
    private Instant noticeUntil;
    private String notice;
    private String lastFault;
    private Summary summary;
    private Instant summaryUntil;

    private Runnable evConnectionTimer = () -> { };
    private final List<Runnable> transactionTimers = new ArrayList<>();
    private Runnable displayTimer = () -> { };
    private Runnable endRetryTimer = () -> { };

    EvseSession(int evseId, SessionEffects effects) {
        this.evseId = evseId;
        this.fx = effects;
    }

    int evseId() {
        return evseId;
    }

    Optional<String> transactionId() {
        return tx == null ? Optional.empty() : Optional.of(tx.transactionId);
    }

    boolean hasTransaction() {
        return tx != null;
    }

    /** Whether {@code card} authorized the session running here (a station-wide reader's stop target). */
    boolean authorizedBy(IdTokenType card) {
        return auth != null && sameToken(auth.idToken(), card);
    }

    /** Whether a cable is in and the session waits for a card. */
    boolean waitingForCard() {
        return plugged && auth == null && authorizing == null && !sessionDone;
    }

    // ---- inputs: hardware ----

    void cableChanged(int connector, boolean nowPlugged) {
        if (nowPlugged == plugged) {
            return;
        }
        if (nowPlugged) {
            plugged = true;
            connectorId = connector;
            evConnectionTimer.run();
            summary = null;
            if (tx != null) {
                tx.evseReported = false;
                emitUpdated(TriggerReasonEnumType.CablePluggedIn, null);
            }
            evaluate(TriggerReasonEnumType.CablePluggedIn);
        } else {
            unplugged();
        }
    }

    /** Cable out on the EV side: ends the authorization and the transaction (C-06.2, E09). */
    private void unplugged() {
        plugged = false;
        sessionDone = false;
        stationSuspended = false;
        releaseWhenIdle = false;
        Authorization ended = auth;
        auth = null;
        authUnreported = false;
        if (tx != null) {
            ReasonEnumType reason = tx.pendingStoppedReason != null
                    ? ReasonEnumType.fromValue(tx.pendingStoppedReason) : ReasonEnumType.EVDisconnected;
            end(TriggerReasonEnumType.EVCommunicationLost, reason, null);
        } else if (ended != null) {
            logger.info("EVSE {}: cable out, authorization ended", evseId);
        }
        if (fx.unlockOnEvSideDisconnect()) {
            fx.lock(evseId, connectorId, false);
        }
        if (summary != null) {
            summaryUntil = fx.now().plus(fx.settings().summary());
            refreshAfter(fx.settings().summary());
        }
        evaluate(TriggerReasonEnumType.EVCommunicationLost);
    }

    void evChanged(boolean wantsEnergy) {
        evWantsEnergy = wantsEnergy;
        evaluate(TriggerReasonEnumType.ChargingStateChanged);
    }

    void availabilityChanged(boolean nowAvailable) {
        available = nowAvailable;
        evaluate(TriggerReasonEnumType.ChargingStateChanged);
    }

    void cabinetChanged(CabinetPhase phase, double power, double limit, String fault) {
        CabinetPhase before = cabinetPhase;
        cabinetPhase = phase;
        powerW = power;
        limitW = limit;
        if (phase == CabinetPhase.IDLE || phase == CabinetPhase.FAULTED) {
            powerRequested = false;
        }
        if (phase == CabinetPhase.IDLE && releaseWhenIdle) {
            releaseWhenIdle = false;
            fx.lock(evseId, connectorId, false);
        }
        if (before == CabinetPhase.FAULTED && phase != CabinetPhase.FAULTED && lastFault != null
                && lastFault.equals(message)) {
            message = null; // the fault is over
        }
        if (phase == CabinetPhase.FAULTED && before != CabinetPhase.FAULTED && (auth != null || tx != null)) {
            logger.warn("EVSE {}: power cabinet fault: {}", evseId, fault);
            message = fault;
            lastFault = fault;
            auth = null;
            authUnreported = false;
            if (tx != null) {
                end(TriggerReasonEnumType.AbnormalCondition, StopReasons.forFault(fault), null);
            }
        }
        enforceEnergyLimit();
        evaluate(TriggerReasonEnumType.ChargingStateChanged);
    }

    // ---- inputs: driver and CSMS ----

    void tokenPresented(IdTokenType token) {
        if (authorizing != null) {
            logger.info("EVSE {}: card ignored, still deciding on the previous one", evseId);
            return;
        }
        if (auth != null) {
            stopRequestByCard(token);
            return;
        }
        if (!available || cabinetPhase == CabinetPhase.FAULTED) {
            reject("Unavailable");
            return;
        }
        authorizing = token;
        message = null;
        publish();
        fx.authorize(token, evseId, result -> authorized(token, result, null));
    }

    /** A card at an authorized session: the same card, or one of the same group, stops it (C01, C09). */
    private void stopRequestByCard(IdTokenType token) {
        if (sameToken(auth.idToken(), token)) {
            endAuthorization(TriggerReasonEnumType.StopAuthorized, ReasonEnumType.Local, token);
            return;
        }
        authorizing = token;
        publish();
        fx.authorize(token, evseId, result -> {
            authorizing = null;
            if (auth != null && result.accepted() && auth.groupIdToken() != null
                    && sameToken(auth.groupIdToken(), result.info().groupIdToken())) {
                endAuthorization(TriggerReasonEnumType.StopAuthorized, ReasonEnumType.Local, token);
            } else {
                logger.info("EVSE {}: card {} may not stop this session", evseId, Tokens.mask(token));
                notice("NotOwner");
                publish();
            }
        });
    }

    /**
     * RequestStartTransaction (F01/F02), the answer: Accepted with the running transaction's id if the
     * cable came first (F01.FR.13), or Rejected with a reason. {@link #startRemotely} acts on it once the
     * response is out.
     */
    StartOutcome canStartRemotely(IdTokenType token, IdTokenType groupIdToken) {
        if (!available || cabinetPhase == CabinetPhase.FAULTED) {
            return StartOutcome.rejected("EVSE " + evseId + " is unavailable or faulted");
        }
        if (auth != null || authorizing != null) {
            return StartOutcome.rejected("EVSE " + evseId + " already has an authorized session");
        }
        GateAnswer gate = fx.admit(evseId, token, groupIdToken);
        if (!gate.allowed()) {
            return StartOutcome.rejected("EVSE " + evseId + ": " + gate.admission().reason());
        }
        return StartOutcome.accepted(tx == null ? null : tx.transactionId);
    }

    void startRemotely(IdTokenType token, IdTokenType groupIdToken, int remoteStartId, boolean authorizeFirst) {
        if (!canStartRemotely(token, groupIdToken).accepted()) {
            logger.warn("EVSE {}: remote start {} no longer possible", evseId, remoteStartId);
            return;
        }
        if (authorizeFirst) {
            authorizing = token;
            publish();
            fx.authorize(token, evseId, result -> authorized(token, result, remoteStartId));
        } else {
            IdTokenInfoType info = IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted)
                    .withGroupIdToken(groupIdToken);
            authorized(token, new AuthorizationResult(info, AuthorizationSource.CSMS, !fx.online()), remoteStartId);
        }
    }

    boolean runs(String transactionId) {
        return tx != null && tx.transactionId.equals(transactionId);
    }

    /** RequestStopTransaction (F03): true if {@code transactionId} runs here (then it is stopped). */
    boolean remoteStop(String transactionId) {
        if (!runs(transactionId)) {
            return false;
        }
        if (auth != null || tx.pendingStoppedReason == null) {
            // Also a cable-first transaction not authorized yet: Ended with an Authorized/PowerPathClosed/
            // EnergyTransfer stop point (F03.FR.03), else Updated RemoteStop and Ended at unplug (F03.FR.02).
            endAuthorization(TriggerReasonEnumType.RemoteStop, ReasonEnumType.Remote, null);
        }
        return true;
    }

    /** TriggerMessage(TransactionEvent): an Updated event with triggerReason Trigger, if a transaction runs. */
    boolean trigger() {
        if (tx == null) {
            return false;
        }
        emitUpdated(TriggerReasonEnumType.Trigger, TransactionSample.TRIGGER);
        return true;
    }

    /** Immediate reset (B12.FR.04): ends the transaction with ResetCommand / ImmediateReset. */
    void endForReset() {
        auth = null;
        authUnreported = false;
        if (tx != null) {
            end(TriggerReasonEnumType.ResetCommand, ReasonEnumType.ImmediateReset, null);
        }
        evaluate(TriggerReasonEnumType.ResetCommand);
    }

    void settingsChanged() {
        evaluate(TriggerReasonEnumType.ChargingStateChanged);
    }

    /** Re-publishes the view (elapsed time, display timeouts). */
    void refresh() {
        publish();
    }

    /** Stops timers; the transaction, if any, stays stored and is ended as PowerLoss on the next start. */
    void close() {
        evConnectionTimer.run();
        displayTimer.run();
        endRetryTimer.run();
        stopTransactionTimers();
    }

    // ---- authorization ----

    private void authorized(IdTokenType token, AuthorizationResult result, Integer remoteStartId) {
        authorizing = null;
        if (!result.accepted()) {
            reject(result.status().value());
            logger.info("EVSE {}: card {} refused: {} ({})", evseId, Tokens.mask(token), result.status().value(),
                    result.source());
            return;
        }
        if (!available || cabinetPhase == CabinetPhase.FAULTED) {
            reject("Unavailable");
            return;
        }
        GateAnswer gate = fx.admit(evseId, token, result.info().groupIdToken());
        if (!gate.allowed()) {
            // E.g. reserved for another driver (H03): no session; a cable-first transaction goes on unauthorized.
            logger.info("EVSE {}: card {} may not use this EVSE: {}", evseId, Tokens.mask(token),
                    gate.admission().reason());
            reject(gate.admission().reason());
            return;
        }
        if (gate.reservationId() != null) {
            fx.consumed(evseId, gate);
            logger.info("EVSE {}: {} uses reservation {}", evseId, Tokens.mask(token), gate.reservationId());
        }
        auth = new Authorization(token, result.info().groupIdToken(), remoteStartId, gate);
        authUnreported = true;
        sessionDone = false;
        message = null;
        summary = null;
        logger.info("EVSE {}: authorized {} ({}{})", evseId, Tokens.mask(token), result.source(),
                remoteStartId == null ? "" : ", remote start " + remoteStartId);
        if (!plugged) {
            evConnectionTimer.run();
            evConnectionTimer = fx.schedule(fx.settings().evConnectionTimeout(), this::evConnectionTimedOut);
        }
        TriggerReasonEnumType reason = remoteStartId != null ? TriggerReasonEnumType.RemoteStart
                : TriggerReasonEnumType.Authorized;
        if (tx != null) {
            tx.authorized = true;
            tx.idToken = token;
            tx.groupIdToken = auth.groupIdToken();
            tx.pendingStoppedReason = null;
            emitUpdated(reason, null);
        }
        evaluate(reason);
    }

    /** No cable within EVConnectionTimeOut after authorization (E03.FR.05, F02.FR.07). */
    private void evConnectionTimedOut() {
        if (auth == null || plugged) {
            return;
        }
        logger.info("EVSE {}: no cable within {} s, authorization ended", evseId,
                fx.settings().evConnectionTimeout().toSeconds());
        auth = null;
        authUnreported = false;
        if (tx != null) {
            end(TriggerReasonEnumType.EVConnectTimeout, ReasonEnumType.Timeout, null);
        }
        notice("Timeout");
        evaluate(TriggerReasonEnumType.EVConnectTimeout);
    }

    /**
     * The authorization ended (card, remote stop, CSMS). With an Authorized, PowerPathClosed or
     * EnergyTransfer stop point that ends the transaction (E06.FR.03/06/07); else the transaction goes
     * on without energy until the cable is out, which then ends it with this reason.
     */
    private void endAuthorization(TriggerReasonEnumType trigger, ReasonEnumType reason, IdTokenType stopToken) {
        auth = null;
        authUnreported = false;
        evConnectionTimer.run();
        stationSuspended = false;
        chargingOnInvalidId = false;
        invalidSinceWh = null;
        if (plugged && (trigger == TriggerReasonEnumType.StopAuthorized || trigger == TriggerReasonEnumType.RemoteStop)) {
            releaseCable(); // E07.FR.07, E06.FR.10; not on Deauthorized (E05.FR.11)
        }
        if (tx == null) {
            evaluate(trigger);
            return;
        }
        tx.authorized = false;
        drivePower();
        TxSettings s = fx.settings();
        if (s.stopsAt(TxPoint.Authorized) || s.stopsAt(TxPoint.PowerPathClosed) || s.stopsAt(TxPoint.EnergyTransfer)
                || !plugged) {
            end(trigger, reason, stopToken);
        } else {
            tx.pendingStoppedReason = reason.value();
            emitUpdated(trigger, null, stopToken);
        }
        evaluate(trigger);
    }

    /** idTokenInfo in a TransactionEventResponse (C10.FR.05, E05). */
    private void responseReceived(String transactionId, IdTokenType sentToken, TransactionEventResponse response) {
        IdTokenInfoType info = response.idTokenInfo();
        if (info == null || sentToken == null) {
            return;
        }
        fx.idTokenInfo(sentToken, info);
        if (info.status() == AuthorizationStatusEnumType.Accepted || tx == null
                || !tx.transactionId.equals(transactionId) || auth == null || !sameToken(auth.idToken(), sentToken)) {
            return;
        }
        logger.info("EVSE {}: CSMS reports the card of transaction {} as {}", evseId, transactionId,
                info.status().value());
        TxSettings s = fx.settings();
        if (s.stopTxOnInvalidId()) {
            if (s.stopsAt(TxPoint.Authorized) || s.stopsAt(TxPoint.PowerPathClosed)
                    || s.stopsAt(TxPoint.EnergyTransfer)) {
                message = info.status().value();
                endAuthorization(TriggerReasonEnumType.Deauthorized, ReasonEnumType.DeAuthorized, null);
            } else {
                // E05.FR.09: stop the energy transfer and say so with Deauthorized, also when the chargingState
                // does not change (the station had already suspended it).
                stationSuspended = true;
                message = info.status().value();
                drivePower();
                emitUpdated(TriggerReasonEnumType.Deauthorized, null);
                evaluate(TriggerReasonEnumType.Deauthorized);
            }
        } else if (!chargingOnInvalidId) {
            chargingOnInvalidId = true;
            invalidSinceWh = fx.reading(evseId).map(MeterReading::energyImportWh).orElse(null);
            enforceEnergyLimit();
            evaluate(TriggerReasonEnumType.ChargingStateChanged);
        }
    }

    /**
     * StopTxOnInvalidId false: charge on until MaxEnergyOnInvalidId (E05.FR.03), then stop the energy and
     * report chargingState SuspendedEVSE with triggerReason ChargingStateChanged (E05.FR.02); with an
     * EnergyTransfer stop point that stop ends the transaction. Without a meter reading the energy cannot be
     * counted, so it stops at once.
     */
    private void enforceEnergyLimit() {
        if (!chargingOnInvalidId || stationSuspended || tx == null) {
            return;
        }
        Optional<MeterReading> now = fx.reading(evseId);
        if (invalidSinceWh == null || now.isEmpty()
                || now.get().energyImportWh() - invalidSinceWh >= fx.settings().maxEnergyOnInvalidIdWh()) {
            stationSuspended = true;
            drivePower();
            if (fx.settings().stopsAt(TxPoint.EnergyTransfer)) {
                end(TriggerReasonEnumType.ChargingStateChanged, ReasonEnumType.EnergyLimitReached, null);
            } else {
                emitUpdated(TriggerReasonEnumType.ChargingStateChanged, null);
            }
        }
    }

    // ---- the transaction ----

    /**
     * After every input: start the transaction if a start point is reached, drive the power path,
     * report a changed chargingState, and publish the view.
     */
    private void evaluate(TriggerReasonEnumType cause) {
        if (tx == null && startReached()) {
            start(cause);
        }
        drivePower();
        if (tx != null) {
            ChargingStateEnumType state = chargingState();
            if (fx.settings().stopsAt(TxPoint.EnergyTransfer) && tx.chargingSince != null
                    && state != ChargingStateEnumType.Charging) {
                // E06.FR.07: energy flowed (reported Charging) and stopped: the Ended event reports the change.
                end(TriggerReasonEnumType.ChargingStateChanged, evWantsEnergy ? ReasonEnumType.Other
                        : ReasonEnumType.StoppedByEV, null);
            } else if (!state.value().equals(tx.chargingState)) {
                emitUpdated(cause == TriggerReasonEnumType.Deauthorized ? cause
                        : TriggerReasonEnumType.ChargingStateChanged, null);
            }
        }
        publish();
    }

    private boolean startReached() {
        TxSettings s = fx.settings();
        boolean cable = plugged && !sessionDone;
        boolean pathClosed = auth != null && plugged
                && (cabinetPhase == CabinetPhase.PRE_CHARGE || cabinetPhase == CabinetPhase.CHARGING);
        return (cable && (s.startsAt(TxPoint.EVConnected) || s.startsAt(TxPoint.ParkingBayOccupancy)))
                || (auth != null && s.startsAt(TxPoint.Authorized))
                || (pathClosed && (s.startsAt(TxPoint.PowerPathClosed) || s.startsAt(TxPoint.DataSigned)))
                || (auth != null && cabinetPhase == CabinetPhase.CHARGING && powerW > 0
                        && s.startsAt(TxPoint.EnergyTransfer));
    }

    private void start(TriggerReasonEnumType cause) {
        if (!storeUnsentEnd()) {
            refuseStart();
            return;
        }
        Instant now = fx.now();
        TransactionRecord record = new TransactionRecord();
        record.transactionId = fx.newTransactionId();
        record.evseId = evseId;
        record.connectorId = plugged ? connectorId : null;
        record.startedAt = now;
        record.authorized = auth != null;
        record.idToken = auth == null ? null : auth.idToken();
        record.groupIdToken = auth == null ? null : auth.groupIdToken();
        Optional<MeterReading> reading = fx.reading(evseId);
        record.startEnergyWh = reading.map(MeterReading::energyImportWh).orElse(null);
        record.lastEnergyWh = record.startEnergyWh;
        // E06.FR.11: the Ended event carries the start value too; TxEndedMeasurands, context Transaction.Begin.
        fx.sample(evseId, TransactionSample.ENDED, now).map(v -> relabel(v, ReadingContextEnumType.Transaction_Begin))
                .ifPresent(record.endedMeterValues::add);
        TriggerReasonEnumType trigger = authUnreported
                ? (auth.remoteStartId() != null ? TriggerReasonEnumType.RemoteStart : TriggerReasonEnumType.Authorized)
                : cause;
        tx = record;
        try {
            send(TransactionEventEnumType.Started, trigger, TransactionSample.STARTED, null, null);
        } catch (RuntimeException e) {
            logger.error("EVSE {}: could not store the Started event; no transaction, no energy", evseId, e);
            tx = null;
            refuseStart();
            return;
        }
        logger.info("EVSE {}: transaction {} started ({})", evseId, record.transactionId, trigger.value());
        startTransactionTimers();
    }

    /** No transaction without its Started stored: the authorization is dropped, so no energy flows either. */
    private void refuseStart() {
        auth = null;
        authUnreported = false;
        reject("StorageError");
    }

    /**
     * Stores the Ended event that could not be stored when its transaction ended, before a new transaction
     * replaces the stored record (one per EVSE) and with it the last trace of the old one.
     *
     * @return whether nothing is left unsent
     */
    private boolean storeUnsentEnd() {
        if (unsentEnd == null) {
            return true;
        }
        try {
            fx.emit(evseId, null, unsentEnd, MessageKind.TRANSACTION, response -> { });
            logger.info("EVSE {}: Ended event of {} stored late", evseId, unsentEnd.transactionInfo().transactionId());
            unsentEnd = null;
            endRetryTimer.run();
            return true;
        } catch (RuntimeException e) {
            logger.error("EVSE {}: the Ended event of {} still cannot be stored; no new transaction", evseId,
                    unsentEnd.transactionInfo().transactionId(), e);
            return false;
        }
    }

    /** Until the Ended event is stored, the transaction counts as running for Reset and ChangeAvailability. */
    private void retryUnsentEndLater() {
        endRetryTimer.run();
        endRetryTimer = fx.schedule(END_RETRY, () -> {
            if (!storeUnsentEnd()) {
                retryUnsentEndLater();
            }
        });
    }

    /** Ends the transaction: the Ended event replaces its stored record in one commit. */
    private void end(TriggerReasonEnumType trigger, ReasonEnumType reason, IdTokenType stopToken) {
        TransactionRecord record = tx;
        stopTransactionTimers();
        Instant now = fx.now();
        fx.sample(evseId, TransactionSample.ENDED, now).ifPresent(record.endedMeterValues::add);
        fx.reading(evseId).ifPresent(r -> record.lastEnergyWh = r.energyImportWh());
        try {
            send(TransactionEventEnumType.Ended, trigger, null, reason, stopToken);
        } catch (RuntimeException e) {
            // Its record stays stored: the next transaction here stores this event first (storeUnsentEnd), and
            // a restart before that ends it as PowerLoss, so the CSMS learns of it either way.
            logger.error("EVSE {}: could not store the Ended event of {}", evseId, record.transactionId, e);
            retryUnsentEndLater();
        }
        logger.info("EVSE {}: transaction {} ended ({}, {})", evseId, record.transactionId, trigger.value(),
                reason.value());
        Double energy = record.lastEnergyWh == null || record.startEnergyWh == null ? null
                : record.lastEnergyWh - record.startEnergyWh;
        summary = new Summary(energy, Duration.between(record.startedAt, now), reason.value(), record.transactionId);
        summaryUntil = plugged ? null : now.plus(fx.settings().summary());
        if (!plugged) {
            refreshAfter(fx.settings().summary());
        }
        tx = null;
        // The session is over, also where the authorization outlived it (EnergyTransfer stop point): a new
        // transaction needs a new authorization (or, with a cable start point, a new cable).
        auth = null;
        authUnreported = false;
        evConnectionTimer.run();
        sessionDone = plugged;
        stationSuspended = false;
        chargingOnInvalidId = false;
        invalidSinceWh = null;
        drivePower();
    }

    private void emitUpdated(TriggerReasonEnumType trigger, TransactionSample sample) {
        emitUpdated(trigger, sample, null);
    }

    private void emitUpdated(TriggerReasonEnumType trigger, TransactionSample sample, IdTokenType stopToken) {
        try {
            send(TransactionEventEnumType.Updated, trigger, sample, null, stopToken);
        } catch (RuntimeException e) {
            logger.error("EVSE {}: could not store an Updated event ({}) of {}", evseId, trigger.value(),
                    tx.transactionId, e);
        }
    }

    /**
     * Builds the next event of {@link #tx} with everything that is new since the last one, and stores it
     * with the updated record; the seqNo advances only when the commit succeeded.
     */
    private void send(TransactionEventEnumType type, TriggerReasonEnumType trigger, TransactionSample sample,
            ReasonEnumType stoppedReason, IdTokenType stopToken) {
        TransactionRecord record = tx;
        Instant now = fx.now();
        ChargingStateEnumType state = chargingState();
        if (type == TransactionEventEnumType.Ended && state == ChargingStateEnumType.Charging) {
            // Ending the transaction opens the power path: no energy flows after the Ended event (E07).
            state = ChargingStateEnumType.EVConnected;
        }
        boolean stateChanged = !state.value().equals(record.chargingState);
        String previousState = record.chargingState;
        Instant previousChargingSince = record.chargingSince;
        long previousChargingSeconds = record.chargingSeconds;
        accountChargingTime(state, now);

        TransactionType info = TransactionType.of(record.transactionId)
                .withTimeSpentCharging(safeInt(record.timeSpentCharging(now)));
        if (stateChanged || type != TransactionEventEnumType.Updated || trigger == TriggerReasonEnumType.Trigger) {
            info = info.withChargingState(state);
        }
        boolean reportAuth = authUnreported && auth != null;
        if (reportAuth && auth.remoteStartId() != null) {
            info = info.withRemoteStartId(auth.remoteStartId());
        }
        Integer reservationId = reportAuth ? auth.gate().reservationId() : null;
        if (stoppedReason != null) {
            info = info.withStoppedReason(stoppedReason);
        }
        TransactionEventRequest event = TransactionEventRequest.of(type, now, trigger, record.nextSeqNo, info);
        if (!fx.online()) {
            event = event.withOffline(true);
        }
        if (reservationId != null) {
            // E03.FR.03/H01.FR.15: only in the first event after the reservation's token authorized the transaction.
            event = event.withReservationId(reservationId);
        }
        boolean reportEvse = type == TransactionEventEnumType.Started || (plugged && !record.evseReported);
        if (reportEvse) {
            EVSEType evse = EVSEType.of(evseId);
            event = event.withEvse(plugged ? evse.withConnectorId(connectorId) : evse);
        }
        IdTokenType token = stopToken != null ? stopToken : reportAuth ? auth.idToken() : null;
        if (token != null) {
            event = event.withIdToken(token);
        }
        List<MeterValueType> meter = new ArrayList<>();
        if (sample != null) {
            fx.sample(evseId, sample, now).ifPresent(meter::add);
        }
        if (type == TransactionEventEnumType.Ended) {
            meter.addAll(record.endedMeterValues);
        }
        if (!meter.isEmpty()) {
            event = event.withMeterValue(meter);
        }
        MessageKind kind = type == TransactionEventEnumType.Updated && token == null && !stateChanged
                && (trigger == TriggerReasonEnumType.MeterValuePeriodic || trigger == TriggerReasonEnumType.MeterValueClock)
                ? MessageKind.DROPPABLE : MessageKind.TRANSACTION;

        record.nextSeqNo++;
        record.chargingState = state.value();
        boolean evseWasReported = record.evseReported;
        record.evseReported = record.evseReported || (reportEvse && plugged);
        String transactionId = record.transactionId;
        try {
            fx.emit(evseId, type == TransactionEventEnumType.Ended ? null : record, event, kind,
                    response -> responseReceived(transactionId, token, response));
        } catch (RuntimeException e) {
            record.nextSeqNo--;
            record.chargingState = previousState;
            record.chargingSince = previousChargingSince;
            record.chargingSeconds = previousChargingSeconds;
            record.evseReported = evseWasReported;
            if (type == TransactionEventEnumType.Ended) {
                unsentEnd = event;
            }
            throw e;
        }
        if (reportAuth) {
            authUnreported = false;
            if (reservationId != null) {
                fx.reported(evseId, auth.gate(), transactionId);
            }
        }
    }

    private void accountChargingTime(ChargingStateEnumType state, Instant now) {
        if (state == ChargingStateEnumType.Charging && tx.chargingSince == null) {
            tx.chargingSince = now;
        } else if (state != ChargingStateEnumType.Charging && tx.chargingSince != null) {
            tx.chargingSeconds = tx.timeSpentCharging(now);
            tx.chargingSince = null;
        }
    }

    private ChargingStateEnumType chargingState() {
        if (!plugged) {
            return ChargingStateEnumType.Idle;
        }
        if (cabinetPhase == CabinetPhase.CHARGING) {
            if (stationSuspended || limitW == 0) {
                return ChargingStateEnumType.SuspendedEVSE;
            }
            return evWantsEnergy ? ChargingStateEnumType.Charging : ChargingStateEnumType.SuspendedEV;
        }
        if (stationSuspended && auth != null) {
            return ChargingStateEnumType.SuspendedEVSE;
        }
        return ChargingStateEnumType.EVConnected;
    }

    /** Closes the power path when the EV is in, the driver authorized and nothing holds it back; else opens it. */
    private void drivePower() {
        boolean wanted = plugged && auth != null && !stationSuspended && available
                && cabinetPhase != CabinetPhase.FAULTED && (tx != null || !needsTransactionFirst());
        if (wanted && !powerRequested && cabinetPhase == CabinetPhase.IDLE) {
            powerRequested = true;
            releaseWhenIdle = false;
            fx.lock(evseId, connectorId, true);
            fx.startPower(evseId);
        } else if (!wanted && (powerRequested || cabinetPhase == CabinetPhase.CABLE_CHECK
                || cabinetPhase == CabinetPhase.PRE_CHARGE || cabinetPhase == CabinetPhase.CHARGING)) {
            powerRequested = false;
            fx.stopPower(evseId);
        }
    }

    /**
     * Whether the transaction must exist before the power path may close: with start points reached
     * before the power path (EVConnected, Authorized, …) a failed Started commit means no energy.
     */
    private boolean needsTransactionFirst() {
        TxSettings s = fx.settings();
        return s.startsAt(TxPoint.Authorized) || s.startsAt(TxPoint.EVConnected)
                || s.startsAt(TxPoint.ParkingBayOccupancy);
    }

    private void startTransactionTimers() {
        stopTransactionTimers();
        Duration updated = fx.txUpdatedInterval();
        if (!updated.isZero()) {
            transactionTimers.add(fx.repeat(updated, false,
                    () -> emitUpdated(TriggerReasonEnumType.MeterValuePeriodic, TransactionSample.UPDATED)));
        }
        Duration ended = fx.txEndedInterval();
        if (!ended.isZero()) {
            transactionTimers.add(fx.repeat(ended, false, () -> collect(TransactionSample.ENDED_PERIODIC)));
        }
        Duration aligned = fx.alignedTxEndedInterval();
        if (!aligned.isZero()) {
            transactionTimers.add(fx.repeat(aligned, true, () -> collect(TransactionSample.ENDED_CLOCK)));
        }
    }

    private void stopTransactionTimers() {
        transactionTimers.forEach(Runnable::run);
        transactionTimers.clear();
    }

    /** A sample for the Ended event, stored with the record so a power cut does not lose it. */
    private void collect(TransactionSample kind) {
        if (tx == null) {
            return;
        }
        fx.sample(evseId, kind, fx.now()).ifPresent(v -> {
            tx.endedMeterValues.add(v);
            thin(tx.endedMeterValues);
            fx.reading(evseId).ifPresent(r -> tx.lastEnergyWh = r.energyImportWh());
            try {
                fx.persist(tx);
            } catch (RuntimeException e) {
                logger.warn("EVSE {}: could not store a meter sample of {}", evseId, tx.transactionId, e);
            }
        });
    }

    /** Keeps the first and the latest values and drops intermediate ones first (J02.FR.20). */
    static void thin(List<MeterValueType> values) {
        if (values.size() <= MAX_ENDED_VALUES) {
            return;
        }
        List<MeterValueType> kept = new ArrayList<>(values.size() / 2 + 2);
        for (int i = 0; i < values.size(); i++) {
            if (i == 0 || i == values.size() - 1 || i % 2 == 0) {
                kept.add(values.get(i));
            }
        }
        values.clear();
        values.addAll(kept);
    }

    // ---- the view ----

    private void reject(String reason) {
        message = reason;
        rejectedUntil = fx.now().plus(REJECTION_SHOWN);
        refreshAfter(REJECTION_SHOWN);
        publish();
    }

    /** A note for the driver that goes away after a while, whatever the session does meanwhile. */
    private void notice(String text) {
        message = text;
        notice = text;
        noticeUntil = fx.now().plus(REJECTION_SHOWN);
        refreshAfter(REJECTION_SHOWN);
    }

    /** Unlocks the cable now if the power path is open, else as soon as the cabinet reports it open. */
    private void releaseCable() {
        if (cabinetPhase == CabinetPhase.IDLE || cabinetPhase == CabinetPhase.FAULTED) {
            releaseWhenIdle = false;
            fx.lock(evseId, connectorId, false);
        } else {
            releaseWhenIdle = true;
        }
    }

    private void refreshAfter(Duration delay) {
        displayTimer.run();
        displayTimer = fx.schedule(delay.plusMillis(10), this::publish);
    }

    private void publish() {
        fx.changed(view());
    }

    SessionView view() {
        Instant now = fx.now();
        if (rejectedUntil != null && !now.isBefore(rejectedUntil)) {
            rejectedUntil = null;
            if (auth == null && tx == null) {
                message = null;
            }
        }
        if (noticeUntil != null && !now.isBefore(noticeUntil)) {
            noticeUntil = null;
            if (rejectedUntil == null && notice.equals(message)) {
                message = null;
            }
        }
        if (summaryUntil != null && !now.isBefore(summaryUntil)) {
            summaryUntil = null;
            summary = null;
        }
        SessionPhase phase = phase();
        Optional<MeterReading> reading = fx.reading(evseId);
        if (tx != null) {
            Double energy = reading.map(MeterReading::energyImportWh).orElse(tx.lastEnergyWh);
            Double used = energy == null || tx.startEnergyWh == null ? null : energy - tx.startEnergyWh;
            return new SessionView(evseId, phase, tx.transactionId, chargingState().value(), hint(), tx.startedAt,
                    Duration.between(tx.startedAt, now), used, reading.map(MeterReading::powerW).orElse(powerW),
                    reading.map(MeterReading::stateOfChargePct).orElse(null), message, tx.pendingStoppedReason);
        }
        if (summary != null && phase == SessionPhase.FINISHED) {
            return new SessionView(evseId, phase, summary.transactionId(), null, null, null, summary.elapsed(),
                    summary.energyWh(), 0.0, reading.map(MeterReading::stateOfChargePct).orElse(null), message,
                    summary.stoppedReason());
        }
        return new SessionView(evseId, phase, null, null, hint(), null, null, null, null, null, message, null);
    }

    private SessionPhase phase() {
        if (rejectedUntil != null) {
            return SessionPhase.REJECTED;
        }
        if (authorizing != null && auth == null) {
            return SessionPhase.AUTHORIZING;
        }
        if (tx == null && summary != null) {
            return SessionPhase.FINISHED;
        }
        if (tx == null && (!available || cabinetPhase == CabinetPhase.FAULTED)) {
            return SessionPhase.UNAVAILABLE;
        }
        if (auth != null && !plugged) {
            return SessionPhase.WAITING_FOR_CABLE;
        }
        if (plugged && auth == null) {
            return tx != null && tx.pendingStoppedReason != null ? SessionPhase.FINISHED
                    : SessionPhase.WAITING_FOR_AUTHORIZATION;
        }
        if (auth == null) {
            return SessionPhase.IDLE;
        }
        return switch (cabinetPhase) {
            case PRE_CHARGE -> SessionPhase.PRE_CHARGE;
            case CHARGING -> switch (chargingState()) {
                case SuspendedEV -> SessionPhase.SUSPENDED_EV;
                case SuspendedEVSE -> SessionPhase.SUSPENDED_EVSE;
                default -> SessionPhase.CHARGING;
            };
            case FAULTED -> SessionPhase.UNAVAILABLE;
            default -> stationSuspended ? SessionPhase.SUSPENDED_EVSE : SessionPhase.CABLE_CHECK;
        };
    }

    private String hint() {
        IdTokenType token = auth != null ? auth.idToken() : tx != null ? tx.idToken : authorizing;
        return token == null ? null : Tokens.mask(token);
    }

    // ---- helpers ----

    static boolean sameToken(IdTokenType a, IdTokenType b) {
        // idTokens are case-insensitive (IdTokenType); the type must match too.
        return a != null && b != null && a.idToken().toLowerCase(Locale.ROOT).equals(b.idToken().toLowerCase(Locale.ROOT))
                && a.type() == b.type();
    }

    private static MeterValueType relabel(MeterValueType value, ReadingContextEnumType context) {
        return MeterValueType.of(value.timestamp(),
                value.sampledValue().stream().map(v -> v.withContext(context)).toList());
    }

    private static int safeInt(long seconds) {
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
