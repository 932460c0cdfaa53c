package io.galvani.console.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.api.OcppFrame;
import io.galvani.ocpp.api.OcppFrameListener;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventListener;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionListener;
import io.galvani.transactions.api.SessionView;

/**
 * The console's live data: told of every OCPP frame, connection change, session change, connector status and security event (as a
 * whiteboard listener it holds no reference to the services it listens to), it keeps the newest frames and pushes
 * everything to the browsers' server-sent-events streams.
 *
 * <p>Listener calls come on other bundles' threads (the OCPP transport's among them), so they only hand the event
 * to the feed's own thread {@code galvani-console-feed} and return; at most {@value #MAX_PENDING} events wait there,
 * further ones are dropped and counted. Parsing, JSON and the writes to the browsers happen on that thread and on
 * Jetty's (asynchronous writes). Deactivation ends every stream and the thread.
 */
@Component(service = { ConsoleFeed.class, OcppFrameListener.class, OcppConnectionListener.class,
        SessionListener.class, ConnectorStatusListener.class, SecurityEventListener.class },
        configurationPid = ConsoleFeed.PID)
@Designate(ocd = ConsoleConfig.class)
public final class ConsoleFeed implements OcppFrameListener, OcppConnectionListener, SessionListener,
        ConnectorStatusListener, SecurityEventListener {
    static final String PID = "io.galvani.console";
    static final String THREAD_NAME = "galvani-console-feed";
    static final int MAX_PENDING = 10_000;
    private static final Logger logger = LoggerFactory.getLogger(ConsoleFeed.class);

    private final ConsoleConfig config;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    /** Confined to the feed thread. */
    private final FrameDescriber describer = new FrameDescriber();
    private final ArrayDeque<String> frameLog = new ArrayDeque<>();

    @Activate
    public ConsoleFeed(ConsoleConfig config) {
        this.config = config;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long keepAlive = Math.max(1, config.keepAliveSeconds());
        executor.scheduleWithFixedDelay(() -> clients.forEach(SseClient::keepAlive), keepAlive, keepAlive,
                TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                logger.warn("{} did not end within 2 s", THREAD_NAME);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.forEach(SseClient::close);
        clients.clear();
    }

    // ------------------------------------------------------------------ listeners (other bundles' threads)

    @Override
    public void frame(OcppFrame frame) {
        hand(() -> {
            String json = describer.describe(frame).toString();
            frameLog.addLast(json);
            while (frameLog.size() > Math.max(1, config.messageLogSize())) {
                frameLog.pollFirst();
            }
            broadcast("frame", json);
        });
    }

    @Override
    public void connected(LinkStatus status) {
        hand(() -> broadcast("link", linkState(status).toString()));
    }

    @Override
    public void disconnected(LinkStatus status) {
        hand(() -> broadcast("link", linkState(status).toString()));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode linkState(LinkStatus s) {
        return ConsoleJson.JSON.createObjectNode().put("connected", s.connected()).put("endpoint", s.endpoint())
                .put("since", ConsoleJson.iso(s.since())).put("lastError", s.lastError());
    }

    @Override
    public void sessionChanged(SessionView session) {
        hand(() -> broadcast("session", ConsoleJson.session(session).toString()));
    }

    @Override
    public void connectorStatusChanged(ConnectorView connector) {
        hand(() -> broadcast("connector", ConsoleJson.connector(connector, false).toString()));
    }

    @Override
    public void reported(SecurityEvent event) {
        hand(() -> broadcast("security", ConsoleJson.securityEvent(event).toString()));
    }

    private void hand(Runnable task) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            droppedEvents.incrementAndGet();
            return;
        }
        try {
            executor.execute(() -> {
                pending.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    logger.error("Console feed failed to publish an event", e);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // shutting down
        }
    }

    private void broadcast(String event, String json) {
        for (SseClient c : clients) {
            c.send(event, json);
        }
    }

    // ------------------------------------------------------------------ streams

    /**
     * Opens a stream for a browser: first the kept frames, then everything live. False (and nothing written) if
     * {@code maxClients} streams are open already or the console is stopping.
     */
    boolean subscribe(SseClient.Factory factory) {
        if (clients.size() >= Math.max(1, config.maxClients()) || executor.isShutdown()) {
            return false;
        }
        int capacity = Math.max(16, config.clientQueueSize());
        SseClient client = factory.create(capacity, this::ended);
        try {
            // On the feed thread, so that no frame is missed or told twice between the backlog and the live events.
            executor.execute(() -> {
                client.open(3000);
                List<String> kept = List.copyOf(frameLog);
                // at most half the queue, so that the backlog alone never makes the browser "too slow"
                List<String> backlog = kept.subList(Math.max(0, kept.size() - capacity / 2), kept.size());
                client.send("hello", ConsoleJson.hello(backlog.size(), droppedEvents.get()).toString());
                backlog.forEach(f -> client.send("frame", f));
                clients.add(client);
            });
        } catch (RejectedExecutionException e) {
            client.close();
        }
        return true;
    }

    private void ended(SseClient client, SseClient.End why) {
        clients.remove(client);
        if (why == SseClient.End.TOO_SLOW) {
            logger.info("A console browser fell {} events behind and was disconnected; it reconnects by itself",
                    config.clientQueueSize());
        }
    }

    int clientCount() {
        return clients.size();
    }

    long droppedEvents() {
        return droppedEvents.get();
    }
}
