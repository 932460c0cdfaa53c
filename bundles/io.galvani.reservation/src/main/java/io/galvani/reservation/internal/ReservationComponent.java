package io.galvani.reservation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.messages.ReservationStatusUpdateRequest;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.ReservationUpdateStatusEnumType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.station.api.ConnectorReservation;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.StationClock;
import io.galvani.transactions.api.Admission;
import io.galvani.transactions.api.TransactionGate;

/**
 * The Reservation profile's one stateful component: the {@link ReservationBook} wired to the station.
 * It is the transaction bundle's {@link TransactionGate} (who may use a reserved EVSE) and the station's
 * {@link ConnectorStatusListener} (what the EVSEs offer, faults); it claims reserved EVSEs by registering
 * {@link ConnectorReservation} services, and keeps reservations and ReservationStatusUpdates in the
 * {@link Outbox}: one durable commit in the data dir per change, so reservations survive a restart and an
 * update survives link drops and power cuts.
 *
 * <p>It references neither the Station nor the transaction bundle (the whiteboards tell it everything), so
 * it closes no DS cycle and its coming and going restarts no core component. Owns one thread,
 * "galvani-reservation", stopped on deactivation together with every claim.
 */
@Component(service = { TransactionGate.class, ConnectorStatusListener.class, ReservationDesk.class },
        configurationPid = ReservationComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ReservationConfig.class)
public final class ReservationComponent implements TransactionGate, ConnectorStatusListener, ReservationDesk {
    static final String PID = "io.galvani.reservation";
    private static final Logger logger = LoggerFactory.getLogger(ReservationComponent.class);

    private final Outbox outbox;
    private final StationClock clock;
    private final BundleContext context;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<Integer, ServiceRegistration<ConnectorReservation>> holds = new ConcurrentHashMap<>();
    private final ReservationBook book;

    @Activate
    public ReservationComponent(@Reference Outbox outbox, @Reference StationClock clock, ReservationConfig config,
            BundleContext context) {
        this.outbox = outbox;
        this.clock = clock;
        this.context = context;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-reservation");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.book = new ReservationBook(new Effects(), Settings.of(config));
        book.start(load());
    }

    @Modified
    void modified(ReservationConfig config) {
        book.settingsChanged(Settings.of(config));
    }

    @Deactivate
    void deactivate() {
        book.stop();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- ReservationDesk ----

    @Override
    public Answer reserve(Reservation reservation) {
        return book.reserve(reservation);
    }

    @Override
    public boolean cancel(int reservationId) {
        return book.cancel(reservationId);
    }

    @Override
    public List<Reservation> reservations() {
        return book.list();
    }

    @Override
    public void afterAnswer() {
        executor.execute(book::refreshHolds);
    }

    // ---- TransactionGate ----

    @Override
    public Admission admit(int evseId, IdTokenType idToken, IdTokenType groupIdToken) {
        return book.admit(evseId, idToken, groupIdToken);
    }

    @Override
    public void consumed(int evseId, Admission admission) {
        int id = admission.reservationId();
        executor.execute(() -> book.consumed(evseId, id));
    }

    @Override
    public void reported(int evseId, int reservationId, String transactionId) {
        logger.info("Reservation {} reported with transaction {} on EVSE {}", reservationId, transactionId, evseId);
    }

    // ---- ConnectorStatusListener ----

    @Override
    public void connectorStatusChanged(ConnectorView connector) {
        executor.execute(() -> book.connectorChanged(connector)); // off the station's event thread
    }

    private List<Reservation> load() {
        List<Reservation> stored = new ArrayList<>();
        outbox.state(ReservationCodec.NAMESPACE).forEach((key, json) -> {
            try {
                stored.add(ReservationCodec.decode(json));
            } catch (IllegalArgumentException e) {
                logger.error("Stored reservation {} dropped: {}", key, e.getMessage());
                outbox.commit(OutboxCommit.builder().remove(ReservationCodec.NAMESPACE, key).build());
            }
        });
        return stored;
    }

    /** The world as the book sees it. */
    private final class Effects implements ReservationEffects {

        @Override
        public Instant now() {
            return clock.now();
        }

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            if (executor.isShutdown()) {
                return () -> { };
            }
            ScheduledFuture<?> f = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void store(Reservation reservation) {
            outbox.commit(OutboxCommit.builder().put(ReservationCodec.NAMESPACE, Integer.toString(reservation.id()),
                    ReservationCodec.encode(reservation)).build());
        }

        @Override
        public void remove(int reservationId, ReservationUpdateStatusEnumType update) {
            OutboxCommit.Builder commit = OutboxCommit.builder()
                    .remove(ReservationCodec.NAMESPACE, Integer.toString(reservationId));
            if (update != null) {
                commit.message(ReservationStatusUpdateRequest.of(reservationId, update), MessageKind.OTHER);
            }
            outbox.commit(commit.build()).forEach(stage -> stage.whenComplete((response, failure) -> {
                if (failure != null) {
                    logger.warn("ReservationStatusUpdate {} for {} not delivered: {}", update, reservationId,
                            failure.toString());
                }
            }));
        }

        @Override
        public void hold(int evseId) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("evseId", evseId);
            ConnectorReservation claim = () -> evseId;
            ServiceRegistration<ConnectorReservation> previous =
                    holds.put(evseId, context.registerService(ConnectorReservation.class, claim, properties));
            unregister(previous);
        }

        @Override
        public void release(int evseId) {
            unregister(holds.remove(evseId));
        }

        private void unregister(ServiceRegistration<?> registration) {
            if (registration == null) {
                return;
            }
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework unregistered it
            }
        }
    }
}
