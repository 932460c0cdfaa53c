package io.galvani.transactions.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.galvani.authorization.api.Authorization;
import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.authorization.api.AuthorizationSource;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.ConnectorListener;
import io.galvani.hal.api.EvState;
import io.galvani.hal.api.MeterReading;
import io.galvani.hal.api.PowerCabinet;
import io.galvani.hal.api.PowerCabinetListener;
import io.galvani.hal.api.PresentedToken;
import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;
import io.galvani.metering.api.TransactionMeterValues;
import io.galvani.metering.api.TransactionSample;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.provisioning.api.Registration;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;
import io.galvani.station.api.StationClock;
import io.galvani.station.api.TransactionControl;
import io.galvani.transactions.api.Admission;
import io.galvani.transactions.api.SessionView;
import io.galvani.transactions.api.Sessions;
import io.galvani.transactions.api.TransactionGate;

/**
 * The transactions of every EVSE: one {@link EvseSession} per EVSE, all driven on one thread
 * ("galvani-transactions") from the HAL (cable, vehicle, cabinet, cards), the CSMS (remote start and
 * stop, triggers, TransactionEvent answers) and timers. Events go to the {@link Outbox} together with the
 * transaction's record, so a restart finds every transaction that was running and ends it with
 * stoppedReason PowerLoss, with the next seqNo.
 *
 * <p>Also the station's {@link TransactionControl} (Reset and ChangeAvailability wait for idle EVSEs) and
 * the {@link Sessions} service for the display and the local API.
 */
@Component(service = { TransactionControl.class, Sessions.class, TransactionOperations.class },
        configurationPid = TransactionManager.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TransactionsConfig.class)
public final class TransactionManager implements TransactionControl, Sessions, TransactionOperations {
    static final String PID = "io.galvani.transactions";
    /** Outbox state namespace: one record per EVSE with a running transaction. */
    static final String STATE_NAMESPACE = "transactions";
    private static final Logger logger = LoggerFactory.getLogger(TransactionManager.class);
    private static final ComponentKey OCPP_COMM_CTRLR = ComponentKey.of("OCPPCommCtrlr");

    private final Outbox outbox;
    private final Authorization authorization;
    private final TransactionMeterValues meterValues;
    private final StationClock clock;
    private final Station station;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "galvani-transactions");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, EvseSession> sessions = new TreeMap<>();
    private final SessionBroadcaster broadcaster;
    private final Map<String, Integer> unanswered = new ConcurrentHashMap<>();
    private final Set<Integer> evsesWithTransaction = ConcurrentHashMap.newKeySet();
    private final List<IdleWaiter> idleWaiters = new CopyOnWriteArrayList<>();
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private final List<PowerCabinet> cabinets = new CopyOnWriteArrayList<>();
    private final Instant activatedAt = Instant.now();
    private final HalCalls hal;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** Profile bundles' gates, highest service ranking first; dynamic, so none of them restarts this component. */
    private final Map<ServiceReference<TransactionGate>, TransactionGate> gates =
            new java.util.concurrent.ConcurrentSkipListMap<>(java.util.Comparator.reverseOrder());

    private volatile TxSettings settings;
    private volatile OcppLink link;
    private volatile Registration registration;
    private volatile DeviceModel deviceModel;

    private record IdleWaiter(int evseId, CompletableFuture<Void> done) {
    }

    @Activate
    public TransactionManager(@Reference Outbox outbox, @Reference Authorization authorization,
            @Reference TransactionMeterValues meterValues, @Reference StationClock clock, @Reference Station station,
            @Reference SessionBroadcaster broadcaster, TransactionsConfig config, BundleContext context) {
        this.outbox = outbox;
        this.authorization = authorization;
        this.meterValues = meterValues;
        this.clock = clock;
        this.station = station;
        this.broadcaster = broadcaster;
        this.settings = TxSettings.of(config);
        this.hal = new HalCalls(Duration.ofMillis(config.halCallTimeoutMillis()));
        call(() -> {
            recoverInterruptedTransactions();
            for (EvseView evse : station.evses()) {
                sessionOf(evse.id());
                for (ConnectorView c : evse.connectors()) {
                    connectorStatusChanged(c);
                }
            }
        });
        // Registered once active (as the station does): as component services they would close reference
        // cycles with the drivers that bind every listener.
        registrations.add(context.registerService(ConnectorListener.class, new CableEvents(), null));
        registrations.add(context.registerService(TokenListener.class, new CardEvents(), null));
        registrations.add(context.registerService(PowerCabinetListener.class, new CabinetEvents(), null));
        registrations.add(context.registerService(ConnectorStatusListener.class, this::connectorStatusChanged, null));
    }

    @Modified
    void modified(TransactionsConfig config) {
        TxSettings next = TxSettings.of(config);
        hal.timeout(Duration.ofMillis(config.halCallTimeoutMillis()));
        executor.execute(() -> {
            settings = next;
            sessions.values().forEach(EvseSession::settingsChanged);
        });
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework
            }
        });
        call(() -> sessions.values().forEach(EvseSession::close));
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hal.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLink(OcppLink l) {
        link = l;
    }

    void unbindLink(OcppLink l) {
        if (link == l) {
            link = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistration(Registration r) {
        registration = r;
    }

    void unbindRegistration(Registration r) {
        if (registration == r) {
            registration = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeviceModel(DeviceModel m) {
        deviceModel = m;
    }

    void unbindDeviceModel(DeviceModel m) {
        if (deviceModel == m) {
            deviceModel = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGate(ServiceReference<TransactionGate> reference, TransactionGate gate) {
        gates.put(reference, gate);
    }

    void removeGate(ServiceReference<TransactionGate> reference) {
        gates.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConnector(Connector connector) {
        connectors.add(connector);
        executor.execute(() -> {
            record Found(int evseId, int connectorId, boolean plugged, boolean wantsEnergy) {
            }
            hal.call(connector, "evseId/connectorId/isPlugged/ev", () -> {
                boolean plugged = connector.isPlugged();
                return new Found(connector.evseId(), connector.connectorId(), plugged, plugged && connector.ev().wantsEnergy());
            }).ifPresent(found -> {
                EvseSession session = sessionOf(found.evseId());
                session.cableChanged(found.connectorId(), found.plugged());
                if (found.plugged()) {
                    session.evChanged(found.wantsEnergy());
                }
            });
        });
    }

    void removeConnector(Connector connector) {
        connectors.remove(connector);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCabinet(PowerCabinet cabinet) {
        cabinets.add(cabinet);
        executor.execute(() -> hal.call(cabinet, "evseIds/state", () -> cabinet.evseIds().stream()
                .map(cabinet::state).toList()).ifPresent(states -> states.forEach(s ->
                        sessionOf(s.evseId()).cabinetChanged(s.phase(), s.powerW(), s.limitW(), s.fault()))));
    }

    void removeCabinet(PowerCabinet cabinet) {
        cabinets.remove(cabinet);
    }

    // ---- TransactionControl ----

    @Override
    public boolean active(int evseId) {
        return evseId == 0 ? !evsesWithTransaction.isEmpty() : evsesWithTransaction.contains(evseId);
    }

    @Override
    public CompletionStage<Void> idle(int evseId) {
        IdleWaiter waiter = new IdleWaiter(evseId, new CompletableFuture<>());
        idleWaiters.add(waiter);
        completeIdleWaiters();
        return waiter.done();
    }

    @Override
    public CompletionStage<Void> endForImmediateReset(int evseId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                sessions.values().stream().filter(s -> evseId == 0 || s.evseId() == evseId)
                        .forEach(EvseSession::endForReset);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    // ---- Sessions ----

    @Override
    public List<SessionView> sessions() {
        return broadcaster.current();
    }

    @Override
    public Optional<SessionView> session(int evseId) {
        return broadcaster.current().stream().filter(v -> v.evseId() == evseId).findFirst();
    }

    // ---- TransactionOperations (OCPP handlers) ----

    @Override
    public StartOutcome remoteStart(Integer evseId, IdTokenType idToken, IdTokenType groupIdToken, int remoteStartId,
            InboundCall inbound) {
        Registration r = registration;
        if (r != null && r.status() != RegistrationStatus.Accepted) {
            return StartOutcome.rejected("registration is " + r.status() + " (B02.FR.05)");
        }
        boolean authorizeFirst = authorization.authorizeRemoteStart();
        return call(() -> {
            EvseSession session = evseId == null ? firstFreeSession(idToken, groupIdToken) : sessions.get(evseId);
            if (session == null) {
                return StartOutcome.rejected(evseId == null ? "no EVSE is free" : "unknown EVSE " + evseId);
            }
            StartOutcome outcome = session.canStartRemotely(idToken, groupIdToken);
            if (outcome.accepted()) {
                inbound.afterResponse(() -> executor.execute(
                        () -> session.startRemotely(idToken, groupIdToken, remoteStartId, authorizeFirst)));
            }
            return outcome;
        });
    }

    @Override
    public boolean remoteStop(String transactionId, InboundCall inbound) {
        boolean runs = call(() -> sessions.values().stream().anyMatch(s -> s.runs(transactionId)));
        if (runs) {
            inbound.afterResponse(() -> executor.execute(
                    () -> sessions.values().forEach(s -> s.remoteStop(transactionId))));
        }
        return runs;
    }

    @Override
    public boolean trigger(Integer evseId, InboundCall inbound) {
        List<EvseSession> targets = call(() -> sessions.values().stream()
                .filter(s -> s.hasTransaction() && (evseId == null || evseId == 0 || s.evseId() == evseId))
                .toList());
        if (!targets.isEmpty()) {
            inbound.afterResponse(() -> executor.execute(() -> targets.forEach(EvseSession::trigger)));
        }
        return !targets.isEmpty();
    }

    @Override
    public TransactionStatus status(String transactionId) {
        OutboxStatus queue = outbox.status();
        if (transactionId == null) {
            return new TransactionStatus(false, queue.queued() > 0);
        }
        boolean ongoing = call(() -> sessions.values().stream()
                .anyMatch(s -> s.transactionId().filter(transactionId::equals).isPresent()));
        boolean queued = unanswered.getOrDefault(transactionId, 0) > 0
                || (!unanswered.containsKey(transactionId) && queue.oldest() != null
                        && queue.oldest().isBefore(activatedAt));
        return new TransactionStatus(ongoing, queued);
    }

    @Override
    public boolean evseExists(int evseId) {
        return station.evses().stream().anyMatch(e -> e.id() == evseId);
    }

    // ---- internals ----

    private EvseSession firstFreeSession() {
        return sessions.values().stream().filter(s -> !s.hasTransaction()).findFirst()
                .orElse(null);
    }

    /** For a remote start without EVSE: the first free EVSE that would take this driver, else the first free. */
    private EvseSession firstFreeSession(IdTokenType idToken, IdTokenType groupIdToken) {
        return sessions.values().stream().filter(s -> !s.hasTransaction())
                .filter(s -> s.canStartRemotely(idToken, groupIdToken).accepted()).findFirst()
                .orElseGet(this::firstFreeSession);
    }

    private GateAnswer admit(int evseId, IdTokenType token, IdTokenType groupIdToken) {
        GateAnswer claiming = null;
        for (TransactionGate gate : gates.values()) {
            Admission a;
            try {
                a = gate.admit(evseId, token, groupIdToken);
            } catch (RuntimeException e) {
                logger.error("Transaction gate {} failed; ignored", gate, e);
                continue;
            }
            if (a == null) {
                continue;
            }
            if (!a.allowed()) {
                return new GateAnswer(a, null);
            }
            if (a.claims() && claiming == null) {
                claiming = new GateAnswer(a, gate);
            }
        }
        return claiming != null ? claiming : GateAnswer.PASS;
    }

    private EvseSession sessionOf(int evseId) {
        return sessions.computeIfAbsent(evseId, id -> new EvseSession(id, new Effects()));
    }

    private void connectorStatusChanged(ConnectorView view) {
        executor.execute(() -> sessionOf(view.evseId()).availabilityChanged(
                view.status() != ConnectorStatus.Unavailable && view.status() != ConnectorStatus.Faulted));
    }

    /** Ends, with stoppedReason PowerLoss, every transaction whose record outlived the last run. */
    private void recoverInterruptedTransactions() {
        Map<String, String> stored = outbox.state(STATE_NAMESPACE);
        for (Map.Entry<String, String> e : stored.entrySet()) {
            TransactionRecord record;
            try {
                record = OcppJson.mapper().readValue(e.getValue(), TransactionRecord.class);
            } catch (JsonProcessingException ex) {
                logger.error("Stored transaction of EVSE {} is unreadable; dropping it", e.getKey(), ex);
                outbox.commit(OutboxCommit.builder().remove(STATE_NAMESPACE, e.getKey()).build());
                continue;
            }
            Instant now = clock.now();
            Optional<MeterValueType> end = meterValues.sample(record.evseId, TransactionSample.ENDED, now);
            TransactionEventRequest ended = PowerLossEnd.event(record, now, end, !online());
            try {
                track(record.transactionId, outbox.commit(OutboxCommit.builder()
                        .message(ended, MessageKind.TRANSACTION)
                        .remove(STATE_NAMESPACE, e.getKey())
                        .build()));
            } catch (RuntimeException storeFailed) {
                // Its record stays: the next start tries again. Charging goes on meanwhile.
                logger.error("EVSE {}: could not store the PowerLoss end of transaction {}", record.evseId,
                        record.transactionId, storeFailed);
                continue;
            }
            logger.warn("EVSE {}: transaction {} was interrupted by a power loss or crash; ended (seqNo {})",
                    record.evseId, record.transactionId, record.nextSeqNo);
        }
    }

    private void track(String transactionId, List<CompletionStage<OcppResponse>> stages) {
        for (CompletionStage<OcppResponse> stage : stages) {
            unanswered.merge(transactionId, 1, Integer::sum);
            stage.whenComplete((r, e) -> unanswered.merge(transactionId, -1, Integer::sum));
        }
    }

    private boolean online() {
        OcppLink l = link;
        return l != null && l.status().connected();
    }

    private void completeIdleWaiters() {
        for (IdleWaiter w : idleWaiters) {
            if (!active(w.evseId())) {
                idleWaiters.remove(w);
                w.done().complete(null);
            }
        }
    }

    /** Runs {@code task} on the transaction thread and waits for it (briefly: tasks never block). */
    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return executor.submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the transaction thread did not answer in 10 s", e);
        }
    }

    private void call(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private static String json(TransactionRecord record) {
        try {
            return OcppJson.mapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write transaction record " + record.transactionId, e);
        }
    }

    /** The world as the sessions see it. */
    private final class Effects implements SessionEffects {

        @Override
        public Instant now() {
            return clock.now();
        }

        @Override
        public boolean online() {
            return TransactionManager.this.online();
        }

        @Override
        public TxSettings settings() {
            return settings;
        }

        @Override
        public Duration txUpdatedInterval() {
            return meterValues.txUpdatedInterval();
        }

        @Override
        public Duration txEndedInterval() {
            return meterValues.txEndedInterval();
        }

        @Override
        public Duration alignedTxEndedInterval() {
            return meterValues.alignedTxEndedInterval();
        }

        @Override
        public void emit(int evseId, TransactionRecord record, TransactionEventRequest event, MessageKind kind,
                Consumer<TransactionEventResponse> onResponse) {
            OutboxCommit.Builder commit = OutboxCommit.builder().message(event, kind);
            String key = Integer.toString(evseId);
            if (record == null) {
                commit.remove(STATE_NAMESPACE, key);
            } else {
                commit.put(STATE_NAMESPACE, key, json(record));
            }
            List<CompletionStage<OcppResponse>> stages = outbox.commit(commit.build());
            track(event.transactionInfo().transactionId(), stages);
            if (record == null) {
                evsesWithTransaction.remove(evseId);
                completeIdleWaiters();
            } else {
                evsesWithTransaction.add(evseId);
            }
            stages.get(0).thenAccept(response -> executor.execute(
                    () -> onResponse.accept((TransactionEventResponse) response)));
        }

        @Override
        public void persist(TransactionRecord record) {
            outbox.commit(OutboxCommit.builder().put(STATE_NAMESPACE, Integer.toString(record.evseId), json(record))
                    .build());
        }

        @Override
        public Optional<MeterValueType> sample(int evseId, TransactionSample kind, Instant at) {
            return meterValues.sample(evseId, kind, at);
        }

        @Override
        public Optional<MeterReading> reading(int evseId) {
            return meterValues.reading(evseId);
        }

        @Override
        public void authorize(IdTokenType token, int evseId, Consumer<AuthorizationResult> then) {
            authorization.authorize(token, evseId).whenComplete((result, failure) -> executor.execute(() -> {
                if (failure != null) {
                    // The service promises never to fail; if it does, refuse rather than hang in AUTHORIZING.
                    logger.warn("EVSE {}: authorization failed", evseId, failure);
                    then.accept(new AuthorizationResult(IdTokenInfoType.of(AuthorizationStatusEnumType.Unknown),
                            AuthorizationSource.LOCAL_REFUSAL, !TransactionManager.this.online()));
                    return;
                }
                then.accept(result);
            }));
        }

        @Override
        public void idTokenInfo(IdTokenType token, IdTokenInfoType info) {
            authorization.idTokenInfoReceived(token, info);
        }

        @Override
        public GateAnswer admit(int evseId, IdTokenType token, IdTokenType groupIdToken) {
            return TransactionManager.this.admit(evseId, token, groupIdToken);
        }

        @Override
        public void consumed(int evseId, GateAnswer answer) {
            try {
                answer.claimant().consumed(evseId, answer.admission());
            } catch (RuntimeException e) {
                logger.error("Transaction gate {} failed on consumption", answer.claimant(), e);
            }
        }

        @Override
        public void reported(int evseId, GateAnswer answer, String transactionId) {
            try {
                answer.claimant().reported(evseId, answer.reservationId(), transactionId);
            } catch (RuntimeException e) {
                logger.error("Transaction gate {} failed on report", answer.claimant(), e);
            }
        }

        @Override
        public void startPower(int evseId) {
            cabinet(evseId).ifPresentOrElse(c -> {
                if (!hal.run(c, "start", () -> c.start(evseId, c.rating().maxPowerW()))) {
                    cabinetFailed(evseId, "power cabinet driver failed to start");
                }
            }, () -> logger.warn("EVSE {}: no power cabinet driver; cannot charge", evseId));
        }

        @Override
        public void stopPower(int evseId) {
            cabinet(evseId).ifPresent(c -> {
                if (!hal.run(c, "stop", () -> c.stop(evseId))) {
                    cabinetFailed(evseId, "power cabinet driver failed to stop");
                }
            });
        }

        /** A driver that fails a command is a faulted power path: the session ends as on a cabinet fault. */
        private void cabinetFailed(int evseId, String reason) {
            // Later, not now: the session is in the middle of the call that asked for power.
            executor.execute(() -> sessionOf(evseId).cabinetChanged(CabinetPhase.FAULTED, 0, 0, reason));
        }

        @Override
        public void lock(int evseId, int connectorId, boolean locked) {
            for (Connector c : connectors) {
                boolean ok = hal.call(c, locked ? "lock" : "unlock", () -> {
                    if (c.evseId() != evseId || c.connectorId() != connectorId || c.fixedCable()) {
                        return true;
                    }
                    return locked ? c.lock() : c.unlock();
                }).orElse(false);
                if (!ok) {
                    logger.warn("EVSE {} connector {}: {} failed", evseId, connectorId, locked ? "lock" : "unlock");
                }
            }
        }

        @Override
        public boolean unlockOnEvSideDisconnect() {
            DeviceModel m = deviceModel;
            if (m == null) {
                return true;
            }
            VariableRead read = m.read(OCPP_COMM_CTRLR, VariableKey.of("UnlockOnEVSideDisconnect"),
                    AttributeEnumType.Actual);
            return read.value() == null || Boolean.parseBoolean(read.value());
        }

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public Runnable repeat(Duration period, boolean clockAligned, Runnable task) {
            long periodMs = Math.max(1000, period.toMillis());
            long first = periodMs;
            if (clockAligned) {
                long nowMs = clock.now().toEpochMilli();
                first = periodMs - Math.floorMod(nowMs, periodMs);
            }
            ScheduledFuture<?> f = executor.scheduleAtFixedRate(task, first, periodMs, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void changed(SessionView view) {
            broadcaster.publish(view);
        }

        @Override
        public String newTransactionId() {
            return UUID.randomUUID().toString();
        }
    }

    private Optional<PowerCabinet> cabinet(int evseId) {
        return cabinets.stream().filter(c -> hal.call(c, "evseIds", c::evseIds).map(ids -> ids.contains(evseId))
                .orElse(false)).findFirst();
    }

    /** Cable and vehicle changes from the connector drivers. */
    private final class CableEvents implements ConnectorListener {
        @Override
        public void pluggedChanged(Connector connector, boolean plugged) {
            // On the driver's thread: what it tells must be readable, or the event is dropped (logged once).
            hal.direct(connector, "evseId/connectorId", () -> new int[] { connector.evseId(), connector.connectorId() })
                    .ifPresent(at -> executor.execute(() -> sessionOf(at[0]).cableChanged(at[1], plugged)));
        }

        @Override
        public void evChanged(Connector connector, EvState ev) {
            hal.direct(connector, "evseId/ev", () -> new Object[] { connector.evseId(), ev.wantsEnergy() })
                    .ifPresent(at -> executor.execute(() -> sessionOf((Integer) at[0]).evChanged((Boolean) at[1])));
        }
    }

    /** Cards from the readers; a station-wide reader (EVSE 0) means the EVSE the driver most likely stands at. */
    private final class CardEvents implements TokenListener {
        @Override
        public void tokenPresented(TokenReader reader, PresentedToken token) {
            IdTokenType idToken;
            try {
                idToken = IdTokenType.of(token.idToken(), IdTokenEnumType.fromValue(token.type()));
            } catch (RuntimeException e) {
                logger.warn("Card of unknown type {} ignored", token.type());
                return;
            }
            executor.execute(() -> {
                EvseSession session = token.evseId() > 0 ? sessions.get(token.evseId()) : cardTarget(idToken);
                if (session == null) {
                    logger.warn("Card presented for unknown EVSE {}", token.evseId());
                    return;
                }
                session.tokenPresented(idToken);
            });
        }
    }

    /**
     * For a station-wide reader: the EVSE whose session this card authorized (to stop it), else one with a
     * cable waiting for a card, else the first without a transaction.
     */
    private EvseSession cardTarget(IdTokenType card) {
        for (EvseSession s : sessions.values()) {
            if (s.authorizedBy(card)) {
                return s;
            }
        }
        for (EvseSession s : sessions.values()) {
            if (s.waitingForCard()) {
                return s;
            }
        }
        return firstFreeSession() != null ? firstFreeSession() : sessions.values().stream().findFirst().orElse(null);
    }

    /** Power-path changes from the cabinet driver. */
    private final class CabinetEvents implements PowerCabinetListener {
        @Override
        public void cabinetStateChanged(PowerCabinet cabinet, CabinetState state) {
            executor.execute(() -> sessionOf(state.evseId()).cabinetChanged(state.phase(), state.powerW(),
                    state.limitW(), state.fault()));
        }
    }
}
