package io.galvani.console.internal;

import java.io.IOException;
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
    /** A write is under way; the next one starts from its callback. */
    private boolean writing;
    /** No more events are taken. */
    private boolean finished;
    /** The exchange is over (the handler's callback was completed). */
    private boolean completed;

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
            if (queue.size() < capacity) {
                queue.addLast(chunk);
                if (writing) {
                    return true;
                }
                writing = true;
                chunk = null;
            }
        }
        if (chunk != null) {
            // The browser does not keep up (or no longer reads): abort its exchange, which also fails a write
            // that waits for it, instead of holding the events.
            complete(End.TOO_SLOW, new IOException("console client fell " + capacity + " events behind"));
            return false;
        }
        writeQueued();
        return true;
    }

    /** Ends the stream (the console stops): cleanly if nothing is being written, else by aborting it. */
    void close() {
        boolean clean;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            queue.clear();
            clean = !writing;
            writing = true;
        }
        if (clean) {
            response.write(true, ByteBuffer.allocate(0),
                    Callback.from(() -> complete(End.CLOSED, null), x -> complete(End.FAILED, x)));
        } else {
            complete(End.CLOSED, new IOException("the console stopped"));
        }
    }

    private void writeQueued() {
        StringBuilder batch = new StringBuilder();
        synchronized (this) {
            String c;
            while ((c = queue.pollFirst()) != null) {
                batch.append(c);
            }
            if (batch.isEmpty() || finished) {
                writing = false;
                return;
            }
        }
        response.write(false, ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8)),
                Callback.from(this::writeQueued, x -> complete(End.FAILED, x)));
    }

    private void complete(End why, Throwable failure) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
            finished = true;
            queue.clear();
        }
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
        ended.ended(this, why);
    }
}
