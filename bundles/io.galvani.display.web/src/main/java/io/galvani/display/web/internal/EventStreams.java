package io.galvani.display.web.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The open event streams: the current screen for a new one, every change and the heartbeats for all. */
final class EventStreams {
    private static final Logger logger = LoggerFactory.getLogger(EventStreams.class);
    /** Sent first: how soon a browser reconnects after the stream ends. */
    static final String RETRY = "retry: 2000\n\n";
    static final String HEARTBEAT = "event: heartbeat\ndata: \n\n";

    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong eventId = new AtomicLong();
    private volatile String lastScreen;

    /** Adds a stream and queues the retry time and the current screen for it; false if the limit is reached. */
    boolean open(EventStream stream, int maxClients) {
        synchronized (streams) {
            if (streams.size() >= maxClients) {
                return false;
            }
            streams.add(stream);
        }
        stream.offer(RETRY);
        String screen = lastScreen;
        if (screen != null) {
            stream.offer(screen);
        }
        return true;
    }

    void closed(EventStream stream) {
        if (streams.remove(stream)) {
            logger.debug("Display event stream closed; {} open", streams.size());
        }
    }

    /** A new screen as JSON (one line): remembered for new streams, queued for every open one. */
    void screen(String json) {
        String event = "id: " + eventId.incrementAndGet() + "\nevent: screen\ndata: " + json + "\n\n";
        lastScreen = event;
        for (EventStream s : streams) {
            if (!s.offer(event)) {
                logger.info("Display event stream dropped: the client does not keep up");
            }
        }
    }

    void heartbeat() {
        streams.forEach(s -> s.offer(HEARTBEAT));
    }

    int open() {
        return streams.size();
    }

    void closeAll() {
        streams.forEach(EventStream::close);
        streams.clear();
    }
}
