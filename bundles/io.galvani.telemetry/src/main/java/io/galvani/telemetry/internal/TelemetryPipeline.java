package io.galvani.telemetry.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.security.api.SecurityEvent;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/**
 * The telemetry pipeline: listener callbacks → bounded in-memory queue → (telemetry thread) JSON messages →
 * persistent {@link TelemetryBuffer} → (sender thread) broker, in order.
 *
 * <p>Nothing here can hold up charging or OCPP: the entry points ({@link #connectorChanged} …) only offer to a
 * bounded queue and count what a full queue refuses; everything else runs on the pipeline's two own threads,
 * {@code galvani-telemetry} (formatting, sampling, buffer writes) and {@code galvani-telemetry-mqtt} (connecting with
 * back-off, publishing). {@link #stop} ends both.
 */
final class TelemetryPipeline {
    private static final Logger logger = LoggerFactory.getLogger(TelemetryPipeline.class);
    private static final int BATCH = 256;
    private static final Duration LINK_POLL = Duration.ofSeconds(1);

    private final Settings settings;
    private final TelemetryBuffer buffer;
    private final Probes probes;
    private final Clock clock;
    private final Payloads payloads;
    private final BlockingQueue<Object> queue;
    private final ScheduledExecutorService worker;
    private final ExecutorService sender;
    private final BrokerConnection connection;
    private final Semaphore work = new Semaphore(0);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong queueDropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean brokerConnected;

    // Confined to the galvani-telemetry thread.
    private final Map<Integer, SessionView> sessions = new HashMap<>();
    private Boolean lastLinkConnected;
    private long linkTicks;

    /** A bundle lifecycle event, as queued by the bundle listener. */
    record BundleNote(Instant at, String event, String symbolicName, String version) {
    }

    /** Stamps an event with the time it happened, not the time the telemetry thread gets to it. */
    private record Stamped(Instant at, Object event) {
    }

    TelemetryPipeline(Settings settings, SSLSocketFactory socketFactory, TelemetryBuffer buffer, Probes probes,
            Clock clock) {
        this.settings = settings;
        this.buffer = buffer;
        this.probes = probes;
        this.clock = clock;
        this.payloads = new Payloads(new Topics(settings.stationId()));
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.worker = Executors.newSingleThreadScheduledExecutor(named("galvani-telemetry"));
        this.sender = Executors.newSingleThreadExecutor(named("galvani-telemetry-mqtt"));
        this.connection = new BrokerConnection(settings, socketFactory, payloads.offline(null, "connection lost"),
                this::connectionLost);
    }

    void start() {
        long meterMillis = settings.meterInterval().toMillis();
        worker.scheduleWithFixedDelay(guarded(this::drainQueue), 0, 50, TimeUnit.MILLISECONDS);
        worker.scheduleAtFixedRate(guarded(this::sampleMeters), meterMillis, meterMillis, TimeUnit.MILLISECONDS);
        worker.scheduleAtFixedRate(guarded(this::sampleLink), 0, LINK_POLL.toMillis(), TimeUnit.MILLISECONDS);
        worker.execute(guarded(this::publishFirmware));
        sender.execute(this::sendLoop);
    }

    // ------------------------------------------------------------------ entry points (any thread, never block)

    void connectorChanged(ConnectorView connector) {
        offer(connector);
    }

    void sessionChanged(SessionView session) {
        offer(session);
    }

    void securityEvent(SecurityEvent event) {
        offer(event);
    }

    void firmwareStatus(FirmwareUpdateStatus status) {
        offer(status);
    }

    void bundleChanged(String event, String symbolicName, String version) {
        offer(new BundleNote(clock.instant(), event, symbolicName, version));
    }

    private void offer(Object event) {
        if (!queue.offer(new Stamped(clock.instant(), event))) {
            queueDropped.incrementAndGet();
        }
    }

    // ------------------------------------------------------------------ galvani-telemetry thread

    private void drainQueue() throws SQLException {
        List<Object> events = new ArrayList<>();
        while (queue.drainTo(events, BATCH) > 0) {
            List<Message> messages = new ArrayList<>(events.size());
            for (Object e : events) {
                Stamped s = (Stamped) e;
                format(s.at(), s.event(), messages);
            }
            events.clear();
            append(messages);
        }
    }

    private void format(Instant at, Object event, List<Message> out) {
        if (event instanceof ConnectorView c) {
            out.add(payloads.connector(at, c));
        } else if (event instanceof SessionView s) {
            SessionView before = sessions.put(s.evseId(), s);
            if (before == null || before.phase() != s.phase()) {
                out.add(payloads.session(at, s));
                if (s.phase() == SessionPhase.FINISHED && s.transactionId() != null) {
                    out.add(payloads.transaction(at, s));
                }
            }
        } else if (event instanceof SecurityEvent e) {
            out.add(payloads.security(e));
        } else if (event instanceof FirmwareUpdateStatus f) {
            out.add(payloads.firmwareUpdate(at, f));
        } else if (event instanceof BundleNote b) {
            out.add(payloads.bundle(b.at(), b.event(), b.symbolicName(), b.version()));
            if (!b.event().equals("STARTED") && !b.event().equals("STOPPED")) {
                firmware(at, out);
            }
        }
    }

    private void sampleMeters() throws SQLException {
        Instant now = clock.instant();
        List<Message> samples = new ArrayList<>();
        for (SessionView s : sessions.values()) {
            if (s.transactionId() != null && charging(s.phase())) {
                samples.add(payloads.meter(now, s));
            }
        }
        append(samples);
    }

    private static boolean charging(SessionPhase phase) {
        return phase == SessionPhase.CHARGING || phase == SessionPhase.SUSPENDED_EV
                || phase == SessionPhase.SUSPENDED_EVSE;
    }

    private void sampleLink() throws SQLException {
        LinkStatus status = probes.linkStatus();
        Boolean connected = status == null ? null : status.connected();
        linkTicks++;
        boolean changed = !java.util.Objects.equals(connected, lastLinkConnected);
        if (!changed && linkTicks < settings.linkInterval().toSeconds()) {
            return;
        }
        lastLinkConnected = connected;
        linkTicks = 0;
        Instant now = clock.instant();
        append(List.of(payloads.link(now, status, probes.linkStatistics(), probes.outbox()),
                payloads.telemetry(now, buffer.size(), buffer.capacity(), buffer.dropped(), queueDropped.get(),
                        published.get())));
    }

    private void publishFirmware() throws SQLException {
        List<Message> out = new ArrayList<>();
        firmware(clock.instant(), out);
        append(out);
    }

    private void firmware(Instant at, List<Message> out) {
        BundleSet installed = probes.firmware();
        if (installed != null) {
            out.add(payloads.firmware(at, installed));
        }
    }

    private void append(List<Message> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        int dropped = buffer.append(messages);
        if (dropped > 0) {
            logger.debug("Telemetry buffer full: dropped {} oldest message(s)", dropped);
        }
        work.release();
    }

    // ------------------------------------------------------------------ galvani-telemetry-mqtt thread

    private void sendLoop() {
        Backoff backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax());
        String lastReason = null;
        try {
            while (stopped.getCount() > 0) {
                if (!connection.connected()) {
                    if (brokerConnected) {
                        brokerConnected = false;
                        logger.info("Telemetry lost the broker {}; reconnecting, {} message(s) buffered",
                                settings.displayUri(), buffer.size());
                    }
                    try {
                        connection.connect();
                    } catch (MqttException e) {
                        Duration wait = backoff.next();
                        String reason = Reasons.describe(e);
                        if (!reason.equals(lastReason)) {
                            logger.warn("Telemetry broker {} {}: {}; retrying in {} s, then with back-off up to {} s"
                                    + " ({} message(s) buffered)", settings.displayUri(),
                                    Reasons.refused(e) ? "refused the connection" : "not reachable", reason,
                                    wait.toSeconds(), settings.reconnectMax().toSeconds(), buffer.size());
                            lastReason = reason;
                        } else {
                            logger.debug("Telemetry broker {} still {}; attempt {}, next in {} ms",
                                    settings.displayUri(), reason, backoff.failures(), wait.toMillis());
                        }
                        stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
                        continue;
                    }
                    logger.info("Telemetry connected to {} as {} after {} failed attempt(s); {} message(s) buffered",
                            settings.displayUri(), settings.stationId(), backoff.failures(), buffer.size());
                    backoff.reset();
                    lastReason = null;
                    brokerConnected = true;
                    BundleSet firmware = probes.firmware();
                    connection.publish(List.of(payloads.online(clock.instant(),
                            firmware == null ? null : firmware.firmwareVersion())));
                }
                work.drainPermits();
                List<Message> batch = buffer.peek(BATCH);
                if (batch.isEmpty()) {
                    work.tryAcquire(1, TimeUnit.SECONDS);
                    continue;
                }
                connection.publish(batch);
                buffer.removeThrough(batch.get(batch.size() - 1).id());
                published.addAndGet(batch.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MqttException e) {
            if (stopped.getCount() > 0) {
                logger.debug("Telemetry publish failed: {}", Reasons.describe(e));
                restartSendLoop();
            }
        } catch (SQLException | RuntimeException e) {
            if (stopped.getCount() > 0) {
                logger.warn("Telemetry sender failed, retrying in 5 s: {}", e.toString());
                restartSendLoopLater();
            }
        }
    }

    /** A publish failed: drop the session (its tokens are unusable) and start over with a new connection. */
    private void restartSendLoop() {
        connection.close(null);
        if (!sender.isShutdown()) {
            sender.execute(this::sendLoop);
        }
    }

    private void restartSendLoopLater() {
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                restartSendLoop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connectionLost() {
        work.release();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Stops both threads: what is still queued in memory goes into the buffer (for the next start), the broker is
     * told {@code offline} (retained) if it is connected. Returns within a few seconds even if the broker hangs.
     */
    void stop() {
        stopped.countDown();
        worker.shutdown();
        try {
            if (worker.awaitTermination(2, TimeUnit.SECONDS)) {
                drainQueue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            logger.warn("Telemetry could not keep {} queued event(s): {}", queue.size(), e.getMessage());
        }
        worker.shutdownNow();
        work.release();
        sender.shutdown();
        try {
            if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
                sender.shutdownNow();
                connection.close(null); // fails the tokens the sender may wait for
                sender.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close(payloads.offline(clock.instant(), "stopped"));
        brokerConnected = false;
    }

    boolean brokerConnected() {
        return brokerConnected;
    }

    long published() {
        return published.get();
    }

    long queueDropped() {
        return queueDropped.get();
    }

    int buffered() {
        return buffer.size();
    }

    private Runnable guarded(ThrowingTask task) {
        return () -> {
            try {
                task.run();
            } catch (Exception e) {
                // A failing buffer must not end the schedule: say so and try again on the next tick.
                logger.warn("Telemetry: {}", e.toString());
            }
        };
    }

    private interface ThrowingTask {
        void run() throws Exception;
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
