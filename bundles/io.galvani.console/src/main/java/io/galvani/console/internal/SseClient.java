package io.galvani.console.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One browser's server-sent-events stream. Events are queued (at most {@code capacity}) and written
 * asynchronously, one write at a time, all queued events in one write: no thread waits for a slow browser. A
 * browser that falls {@code capacity} events behind is disconnected (its EventSource reconnects and starts again
 * from the frames the console keeps), so one stuck tab cannot make the station hold unbounded memory.
 */
final class SseClient {
    /** Why a stream ended, for the feed's bookkeeping and log. */
    enum End { CLOSED, TOO_SLOW, FAILED }

    /** Makes the client once the feed knows the queue capacity. */
    interface Factory {
        SseClient create(int capacity, Ended ended);
    }

    interface Ended {
        void ended(SseClient client, End why);
    }

    private final Response response;
    private final Callback callback;
    private final int capacity;
    private final Ended ended;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** A write is under way; the next starts from its callback. */
    private boolean writing;
    /** No more events are taken; {@link #ending} says why, until the last write is made. */
    private boolean finished;
    private End ending;

    SseClient(Response response, Callback callback, int capacity, Ended ended) {
        this.response = response;
        this.callback = callback;
        this.capacity = capacity;
        this.ended = ended;
    }

    /** Queues an event ({@code event:} and {@code data:} lines); false if the stream is over. */
    boolean send(String event, String json) {
        return enqueue("event: " + event + "\ndata: " + json + "\n\n");
    }

    /** A comment line: keeps proxies and the server's idle timeout from closing an idle stream. */
    boolean keepAlive() {
        return enqueue(": keep-alive\n\n");
    }

    /** Starts the stream: tells the browser how soon to reconnect if it drops. */
    boolean open(int retryMillis) {
        return enqueue("retry: " + retryMillis + "\n\n");
    }

    private boolean enqueue(String chunk) {
        synchronized (this) {
            if (finished) {
                return false;
            }
            if (queue.size() >= capacity) {
                end(End.TOO_SLOW);
                return false;
            }
            queue.addLast(chunk);
            if (writing) {
                return true;
            }
            writing = true;
        }
        writeQueued();
        return true;
    }

    /** Ends the stream cleanly (the console stops). */
    void close() {
        synchronized (this) {
            if (finished) {
                return;
            }
            end(End.CLOSED);
        }
    }

    /** Under the lock: takes no more events; the last write is made now or when the current write completes. */
    private void end(End why) {
        finished = true;
        queue.clear();
        ending = why;
        if (!writing) {
            writing = true;
            lastWrite();
        }
    }

    /** The last, empty write completes the response; Jetty then ends the exchange (under the lock: no races). */
    private void lastWrite() {
        End why = ending;
        ending = null;
        response.write(true, ByteBuffer.allocate(0), Callback.from(callback::succeeded, callback::failed));
        ended.ended(this, why);
    }

    private void writeQueued() {
        StringBuilder batch = new StringBuilder();
        synchronized (this) {
            String c;
            while ((c = queue.pollFirst()) != null) {
                batch.append(c);
            }
            if (batch.isEmpty()) {
                if (ending != null) {
                    lastWrite();
                } else {
                    writing = false;
                }
                return;
            }
        }
        response.write(false, ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8)),
                Callback.from(this::writeQueued, this::failed));
    }

    private void failed(Throwable failure) {
        synchronized (this) {
            finished = true;
            queue.clear();
            ending = null;
        }
        callback.failed(failure);
        ended.ended(this, End.FAILED);
    }
}
