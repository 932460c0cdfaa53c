package io.galvani.transactions.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.authorization.api.AuthorizationSource;
import io.galvani.hal.api.MeterReading;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.metering.api.TransactionSample;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxStorageException;
import io.galvani.transactions.api.SessionView;

/**
 * The world of an {@link EvseSession} under test, all on the test's thread: a virtual clock and a manual
 * scheduler ({@link #advance}), a recording outbox keeping every stored TransactionEvent and the stored
 * record (as JSON, the way the real outbox keeps it), a scripted authorizer, a meter whose register the
 * test sets, and recorded power-path and lock commands and session views.
 */
final class FakeEffects implements SessionEffects {
    static final Instant START = Instant.parse("2025-03-01T10:00:00.250Z");

    /** One TransactionEvent the outbox accepted. */
    record Emitted(int evseId, TransactionEventRequest event, MessageKind kind, String storedRecord,
            Consumer<TransactionEventResponse> onResponse) {
    }

    final VirtualScheduler scheduler = new VirtualScheduler();

    boolean online = true;
    TxSettings settings = TxSettings.DEFAULTS;
    Duration txUpdatedInterval = Duration.ZERO;
    Duration txEndedInterval = Duration.ZERO;
    Duration alignedTxEndedInterval = Duration.ZERO;
    boolean unlockOnEvSideDisconnect = true;
    /** The one profile gate of the fake world (none: everyone passes). */
    io.galvani.transactions.api.TransactionGate gate;
    final List<String> gateCalls = new java.util.ArrayList<>();

    // ---- outbox ----
    final List<Emitted> emitted = new ArrayList<>();
    /** The outbox's "transactions" state namespace: EVSE id → record JSON. */
    final Map<Integer, String> stored = new TreeMap<>();
    int persists;
    private final List<Predicate<TransactionEventRequest>> failures = new ArrayList<>();
    private boolean failPersist;

    // ---- authorizer ----
    private final Map<String, IdTokenInfoType> cards = new HashMap<>();
    final List<IdTokenType> authorizeRequests = new ArrayList<>();
    final List<IdTokenInfoType> idTokenInfos = new ArrayList<>();
    /** When true, decisions wait for {@link #releaseAuthorizations()}. */
    boolean holdAuthorizations;
    private final List<Runnable> heldAuthorizations = new ArrayList<>();

    // ---- meter ----
    boolean meterWorks = true;
    double energyWh = 10_000;
    double meterPowerW;
    Double socPct;
    final List<TransactionSample> samples = new ArrayList<>();

    // ---- power path, lock, view ----
    final List<String> commands = new ArrayList<>();
    final List<SessionView> views = new ArrayList<>();
    private int transactions;

    // ---- time ----

    @Override
    public Instant now() {
        return START.plusNanos(scheduler.nanoTime());
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    void runDue() {
        scheduler.runDue();
    }

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Runnable repeat(Duration period, boolean clockAligned, Runnable task) {
        long periodNanos = period.toNanos();
        long first = periodNanos;
        if (clockAligned) {
            Instant now = now();
            long sinceEpoch = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            first = periodNanos - Math.floorMod(sinceEpoch, periodNanos);
        }
        ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(task, first, periodNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    // ---- settings ----

    @Override
    public boolean online() {
        return online;
    }

    @Override
    public TxSettings settings() {
        return settings;
    }

    void points(String start, String stop) {
        settings = new TxSettings(TxPoint.parse(start, false), TxPoint.parse(stop, true), settings.evConnectionTimeout(),
                settings.stopTxOnInvalidId(), settings.maxEnergyOnInvalidIdWh(), settings.summary());
    }

    void invalidIdHandling(boolean stopTxOnInvalidId, int maxEnergyOnInvalidIdWh) {
        settings = new TxSettings(settings.startPoints(), settings.stopPoints(), settings.evConnectionTimeout(),
                stopTxOnInvalidId, maxEnergyOnInvalidIdWh, settings.summary());
    }

    @Override
    public Duration txUpdatedInterval() {
        return txUpdatedInterval;
    }

    @Override
    public Duration txEndedInterval() {
        return txEndedInterval;
    }

    @Override
    public Duration alignedTxEndedInterval() {
        return alignedTxEndedInterval;
    }

    @Override
    public boolean unlockOnEvSideDisconnect() {
        return unlockOnEvSideDisconnect;
    }

    // ---- outbox ----

    /** The next commit of an event matching {@code which} fails (disk full), storing nothing. */
    void failNextEmit(Predicate<TransactionEventRequest> which) {
        failures.add(which);
    }

    void failPersist(boolean fail) {
        failPersist = fail;
    }

    @Override
    public void emit(int evseId, TransactionRecord record, TransactionEventRequest event, MessageKind kind,
            Consumer<TransactionEventResponse> onResponse) {
        for (Predicate<TransactionEventRequest> f : failures) {
            if (f.test(event)) {
                failures.remove(f);
                throw new OutboxStorageException("disk full (test)", null);
            }
        }
        String json = record == null ? null : json(record);
        if (json == null) {
            stored.remove(evseId);
        } else {
            stored.put(evseId, json);
        }
        emitted.add(new Emitted(evseId, event, kind, json, onResponse));
    }

    @Override
    public void persist(TransactionRecord record) {
        if (failPersist) {
            throw new OutboxStorageException("disk full (test)", null);
        }
        persists++;
        stored.put(record.evseId, json(record));
    }

    /** The record as the outbox holds it, read back as a restart would. */
    Optional<TransactionRecord> storedRecord(int evseId) {
        String json = stored.get(evseId);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OcppJson.mapper().readValue(json, TransactionRecord.class));
        } catch (JsonProcessingException e) {
            throw new AssertionError("stored record unreadable: " + json, e);
        }
    }

    private static String json(TransactionRecord record) {
        try {
            return OcppJson.mapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new AssertionError("record not serialisable", e);
        }
    }

    List<TransactionEventRequest> events() {
        return emitted.stream().map(Emitted::event).toList();
    }

    /** The CSMS answers the event {@code index} (in emit order); runs on the "transaction thread". */
    void respond(int index, TransactionEventResponse response) {
        emitted.get(index).onResponse().accept(response);
        runDue();
    }

    // ---- authorizer ----

    void card(IdTokenType token, AuthorizationStatusEnumType status, IdTokenType group) {
        cards.put(key(token), IdTokenInfoType.of(status).withGroupIdToken(group));
    }

    @Override
    public GateAnswer admit(int evseId, IdTokenType token, IdTokenType groupIdToken) {
        if (gate == null) {
            return GateAnswer.PASS;
        }
        io.galvani.transactions.api.Admission a = gate.admit(evseId, token, groupIdToken);
        return new GateAnswer(a, a.claims() ? gate : null);
    }

    @Override
    public void consumed(int evseId, GateAnswer answer) {
        gateCalls.add("consumed " + answer.reservationId());
        answer.claimant().consumed(evseId, answer.admission());
    }

    @Override
    public void reported(int evseId, GateAnswer answer, String transactionId) {
        gateCalls.add("reported " + answer.reservationId() + " " + transactionId);
        answer.claimant().reported(evseId, answer.reservationId(), transactionId);
    }

    @Override
    public void authorize(IdTokenType token, int evseId, Consumer<AuthorizationResult> then) {
        authorizeRequests.add(token);
        IdTokenInfoType info = cards.getOrDefault(key(token), IdTokenInfoType.of(AuthorizationStatusEnumType.Unknown));
        AuthorizationResult result = new AuthorizationResult(info, AuthorizationSource.CSMS, !online);
        // Asynchronous like the real service: the decision arrives later on the transaction thread.
        Runnable answer = () -> scheduler.execute(() -> then.accept(result));
        if (holdAuthorizations) {
            heldAuthorizations.add(answer);
        } else {
            answer.run();
        }
    }

    void releaseAuthorizations() {
        holdAuthorizations = false;
        heldAuthorizations.forEach(Runnable::run);
        heldAuthorizations.clear();
        runDue();
    }

    @Override
    public void idTokenInfo(IdTokenType token, IdTokenInfoType info) {
        idTokenInfos.add(info);
    }

    private static String key(IdTokenType token) {
        return token.type().value() + ":" + token.idToken().toLowerCase(Locale.ROOT);
    }

    // ---- meter ----

    @Override
    public Optional<MeterValueType> sample(int evseId, TransactionSample kind, Instant at) {
        samples.add(kind);
        if (!meterWorks || evseId < 1) {
            return Optional.empty();
        }
        SampledValueType energy = SampledValueType.of(energyWh).withContext(context(kind))
                .withMeasurand(MeasurandEnumType.Energy_Active_Import_Register);
        return Optional.of(MeterValueType.of(at, List.of(energy)));
    }

    static ReadingContextEnumType context(TransactionSample kind) {
        return switch (kind) {
            case STARTED -> ReadingContextEnumType.Transaction_Begin;
            case UPDATED, ENDED_PERIODIC -> ReadingContextEnumType.Sample_Periodic;
            case ENDED -> ReadingContextEnumType.Transaction_End;
            case ENDED_CLOCK -> ReadingContextEnumType.Sample_Clock;
            case TRIGGER -> ReadingContextEnumType.Trigger;
        };
    }

    @Override
    public Optional<MeterReading> reading(int evseId) {
        return meterWorks ? Optional.of(new MeterReading(now(), energyWh, meterPowerW, 400, meterPowerW / 400, socPct))
                : Optional.empty();
    }

    // ---- power path, lock, view ----

    @Override
    public void startPower(int evseId) {
        commands.add("start");
    }

    @Override
    public void stopPower(int evseId) {
        commands.add("stop");
    }

    @Override
    public void lock(int evseId, int connectorId, boolean locked) {
        commands.add(locked ? "lock" : "unlock");
    }

    @Override
    public void changed(SessionView view) {
        views.add(view);
    }

    SessionView view() {
        return views.get(views.size() - 1);
    }

    @Override
    public String newTransactionId() {
        return "tx-" + ++transactions;
    }
}
